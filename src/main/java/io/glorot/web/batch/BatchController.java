package io.glorot.web.batch;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import io.glorot.format.BatchEncoder;
import io.glorot.format.BatchFormat;
import io.glorot.tensor.TensorSpec;
import io.glorot.tensor.ValueWriter;
import io.glorot.web.admission.AdmissionControl;
import io.glorot.web.problem.ApiProblem;
import io.glorot.web.problem.ProblemType;
import io.glorot.web.request.QueryFields;
import io.glorot.web.request.ServingRules;
import io.glorot.web.request.TensorRequestParser;
import io.glorot.web.serving.CountingOutputStream;
import io.glorot.web.serving.TensorHeaders;
import io.glorot.web.serving.WeightMetrics;

/**
 * {@code POST /v1/weights/batch}: many named tensors in one answer (safetensors, npz or JSON), each exactly the
 * single-tensor answer for the same seed, name and parameters. Everything is validated and the binary formats'
 * length computed before the first byte is sent; the values are then made while they stream.
 */
@RestController
class BatchController implements BatchApi {

	private final BatchRequestParser parser;

	private final BatchNegotiation negotiation;

	private final WeightMetrics metrics;

	private final ValueWriter values;

	private final AdmissionControl admission;

	BatchController(BatchRequestParser parser, BatchNegotiation negotiation, WeightMetrics metrics,
			ValueWriter values, AdmissionControl admission) {
		this.values = values;
		this.admission = admission;
		this.parser = parser;
		this.negotiation = negotiation;
		this.metrics = metrics;
	}

	@Override
	@PostMapping(path = "/v1/weights/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
	public ResponseEntity<StreamingResponseBody> postBatch(@RequestBody byte[] body, HttpServletRequest request) {
		BatchRequest batch = this.parser.parse(body);
		Optional<BatchFormat> explicit = explicitFormat(batch.format(), request.getParameterMap());
		BatchFormat format = this.negotiation.resolve(explicit, request.getHeader(HttpHeaders.ACCEPT));
		this.parser.checkServable(batch, format);
		List<TensorSpec> specs = batch.specs();
		BatchEncoder encoder = BatchEncoder.of(format, this.values);
		ResponseEntity.BodyBuilder response = ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(format.mediaType()))
			.varyBy(HttpHeaders.ACCEPT)
			.header(TensorHeaders.TENSOR_COUNT, Integer.toString(specs.size()))
			.header(TensorHeaders.TENSOR_SEED, Long.toUnsignedString(batch.seed()))
			.header(TensorHeaders.TENSOR_GENERATOR, specs.get(0).generator().version());
		if (format.isBinary()) {
			response.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename("weights." + format.extension()).build().toString());
		}
		OptionalLong length = encoder.contentLength(specs);
		length.ifPresent(response::contentLength);
		long work = specs.stream().mapToLong(ServingRules::work).sum();
		return response.body(this.admission.guard(request, work, (out) -> stream(specs, format, encoder, out)));
	}

	/** The format from the body or the query ({@code ?format=npz}); both may be given only if they agree. */
	private static Optional<BatchFormat> explicitFormat(Optional<BatchFormat> body, Map<String, String[]> query) {
		String[] values = query.get("format");
		Optional<BatchFormat> fromQuery = (values == null) ? Optional.empty()
				: TensorRequestParser.choice(new QueryFields(Map.of("format", values)), "format", BatchFormat.class);
		if (body.isPresent() && fromQuery.isPresent() && body.get() != fromQuery.get()) {
			throw new ApiProblem(ProblemType.CONFLICTING_PARAMETERS, "the body asks for format "
					+ body.get().id() + " and the query for " + fromQuery.get().id() + "; give one")
				.parameter("format")
				.with("conflictsWith", "query format");
		}
		return body.or(() -> fromQuery);
	}

	private void stream(List<TensorSpec> specs, BatchFormat format, BatchEncoder encoder, OutputStream out)
			throws IOException {
		CountingOutputStream counting = new CountingOutputStream(out);
		try {
			encoder.write(specs, counting);
			counting.flush();
		}
		catch (IOException ex) {
			this.metrics.aborted(counting.count());
			throw ex;
		}
		this.metrics.servedBatch(specs, format, counting.count());
	}

}
