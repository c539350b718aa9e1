package io.glorot.web.problem;

import java.net.URI;

import org.springframework.http.HttpStatus;

/**
 * The kinds of problem the API reports (RFC 9457), each with a stable type URI, a fixed title and a status. The
 * URIs are names, not links; docs/api.md lists them.
 */
public enum ProblemType {

	/** A required parameter is absent. */
	MISSING_PARAMETER("missing-parameter", "Missing parameter", HttpStatus.BAD_REQUEST),

	/** The shape is malformed: not 1 to 8 positive integers, or its element count overflows. */
	INVALID_SHAPE("invalid-shape", "Invalid shape", HttpStatus.BAD_REQUEST),

	/** The slice is malformed or reaches outside the tensor. */
	INVALID_SLICE("invalid-slice", "Invalid slice", HttpStatus.BAD_REQUEST),

	/** The answer would hold more elements than the configured limit. */
	TOO_MANY_ELEMENTS("too-many-elements", "Too many elements", HttpStatus.BAD_REQUEST),

	/** A batch has more tensors than the configured limit. */
	TOO_MANY_TENSORS("too-many-tensors", "Too many tensors", HttpStatus.BAD_REQUEST),

	/** The seed is not an unsigned 64-bit integer. */
	INVALID_SEED("invalid-seed", "Invalid seed", HttpStatus.BAD_REQUEST),

	/** A parameter has a value outside what it allows. */
	INVALID_PARAMETER("invalid-parameter", "Invalid parameter", HttpStatus.BAD_REQUEST),

	/** Two parameters that exclude each other were both given. */
	CONFLICTING_PARAMETERS("conflicting-parameters", "Conflicting parameters", HttpStatus.BAD_REQUEST),

	/** The chosen generator cannot reproduce the request (docs/compat.md lists what each supports). */
	UNSUPPORTED_BY_GENERATOR("unsupported-by-generator", "Not supported by the generator", HttpStatus.BAD_REQUEST),

	/** A parameter or JSON field the API does not know. */
	UNKNOWN_PARAMETER("unknown-parameter", "Unknown parameter", HttpStatus.BAD_REQUEST),

	/** A query parameter given more than once. */
	REPEATED_PARAMETER("repeated-parameter", "Repeated parameter", HttpStatus.BAD_REQUEST),

	/** The request body is not the JSON object the endpoint takes. */
	MALFORMED_BODY("malformed-body", "Malformed request body", HttpStatus.BAD_REQUEST),

	/** The chosen format cannot carry the chosen dtype. */
	UNSUPPORTED_DTYPE("unsupported-dtype", "Dtype not supported by format", HttpStatus.BAD_REQUEST),

	/** None of the media types in Accept is served. */
	NOT_ACCEPTABLE("not-acceptable", "Not acceptable", HttpStatus.NOT_ACCEPTABLE),

	/** The request body's media type is not JSON. */
	UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", HttpStatus.UNSUPPORTED_MEDIA_TYPE),

	/** The request body is larger than the configured limit. */
	BODY_TOO_LARGE("body-too-large", "Request body too large", HttpStatus.CONTENT_TOO_LARGE),

	/** A {@code Range} that lies outside the answer. */
	RANGE_NOT_SATISFIABLE("range-not-satisfiable", "Range not satisfiable", HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE),

	/** A conditional request's precondition ({@code If-None-Match}) failed for a method other than GET or HEAD. */
	PRECONDITION_FAILED("precondition-failed", "Precondition failed", HttpStatus.PRECONDITION_FAILED),
	/** The path has no resource. */
	NOT_FOUND("not-found", "Not found", HttpStatus.NOT_FOUND),

	/** The path does not take this method. */
	METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", HttpStatus.METHOD_NOT_ALLOWED),

	/** The service is generating as much as it is configured to; retry after the {@code Retry-After} seconds. */
	OVERLOADED("overloaded", "Overloaded", HttpStatus.SERVICE_UNAVAILABLE),

	/**
	 * The service is shutting down: it finishes the answers in flight and starts no new one; retry after the
	 * {@code Retry-After} seconds, which a load balancer sends to another replica.
	 */
	SHUTTING_DOWN("shutting-down", "Shutting down", HttpStatus.SERVICE_UNAVAILABLE),

	/** A request the connector could not parse as HTTP/1.1: a malformed request line, header or chunked body. */
	MALFORMED_REQUEST("malformed-request", "Malformed HTTP request", HttpStatus.BAD_REQUEST),

	/** The request head or body did not arrive within its time. */
	REQUEST_TIMEOUT("request-timeout", "Request timeout", HttpStatus.REQUEST_TIMEOUT),

	/** A method or transfer coding the server does not implement ({@code CONNECT}, {@code Transfer-Encoding: gzip}). */
	NOT_IMPLEMENTED("not-implemented", "Not implemented", HttpStatus.NOT_IMPLEMENTED),

	/** A request line that names an HTTP version other than 1.0 or 1.1. */
	HTTP_VERSION_NOT_SUPPORTED("http-version-not-supported", "HTTP version not supported",
			HttpStatus.HTTP_VERSION_NOT_SUPPORTED),

	/** Any other client error Spring reports. */
	BAD_REQUEST("bad-request", "Bad request", HttpStatus.BAD_REQUEST),

	/** A fault of the service; the detail never says more than that. */
	INTERNAL_ERROR("internal-error", "Internal error", HttpStatus.INTERNAL_SERVER_ERROR);

	/**
	 * The type of an answer with a status and nothing more specific to say: what the service's own error paths
	 * (Spring MVC's exceptions, the error page, Tomcat's error report) answer with.
	 * @param status the HTTP status, 400 or above
	 * @return the type; {@link #BAD_REQUEST} for a client error without a type of its own
	 */
	public static ProblemType forStatus(int status) {
		return switch (status) {
			case 404 -> NOT_FOUND;
			case 405 -> METHOD_NOT_ALLOWED;
			case 406 -> NOT_ACCEPTABLE;
			case 408 -> REQUEST_TIMEOUT;
			case 412 -> PRECONDITION_FAILED;
			case 413 -> BODY_TOO_LARGE;
			case 415 -> UNSUPPORTED_MEDIA_TYPE;
			case 416 -> RANGE_NOT_SATISFIABLE;
			case 501 -> NOT_IMPLEMENTED;
			case 503 -> OVERLOADED;
			case 505 -> HTTP_VERSION_NOT_SUPPORTED;
			default -> (status >= 500) ? INTERNAL_ERROR : BAD_REQUEST;
		};
	}

	/** The prefix of every problem type URI. */
	public static final String PREFIX = "urn:glorot:problem:";

	private final URI uri;

	private final String title;

	private final HttpStatus status;

	ProblemType(String slug, String title, HttpStatus status) {
		this.uri = URI.create(PREFIX + slug);
		this.title = title;
		this.status = status;
	}

	/**
	 * Returns the stable type URI.
	 * @return e.g. {@code urn:glorot:problem:invalid-shape}
	 */
	public URI uri() {
		return this.uri;
	}

	/**
	 * Returns the fixed title.
	 * @return the title
	 */
	public String title() {
		return this.title;
	}

	/**
	 * Returns the HTTP status.
	 * @return the status
	 */
	public HttpStatus status() {
		return this.status;
	}

}
