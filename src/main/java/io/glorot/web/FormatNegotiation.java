package io.glorot.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

import io.glorot.format.TensorFormat;

/**
 * Chooses the answer's format: {@code format=} when given, else the {@code Accept} header by quality, with JSON
 * for no header, {@code *}{@code /*} or {@code application/*}.
 */
@Component
class FormatNegotiation {

	/**
	 * Chooses a format.
	 * @param explicit the {@code format} parameter, if any
	 * @param accept the {@code Accept} header, if any
	 * @return the format
	 * @throws ApiProblem (406) when Accept admits no format
	 */
	TensorFormat resolve(Optional<TensorFormat> explicit, String accept) {
		if (explicit.isPresent()) {
			return explicit.get();
		}
		if (accept == null || accept.isBlank()) {
			return TensorFormat.JSON;
		}
		List<MediaType> types;
		try {
			types = new ArrayList<>(MediaType.parseMediaTypes(accept));
		}
		catch (InvalidMediaTypeException ex) {
			throw notAcceptable("the Accept header " + ApiProblem.quote(accept) + " is not a list of media types");
		}
		types.sort(Comparator.comparingDouble(MediaType::getQualityValue).reversed());
		for (MediaType type : types) {
			if (type.getQualityValue() <= 0) {
				continue;
			}
			for (TensorFormat format : TensorFormat.values()) {
				if (type.includes(MediaType.parseMediaType(format.mediaType())) && !excluded(types, format)) {
					return format;
				}
			}
		}
		throw notAcceptable("none of the media types in Accept " + ApiProblem.quote(accept) + " is served");
	}

	/** Tells whether Accept names a format explicitly with q=0. */
	private static boolean excluded(List<MediaType> types, TensorFormat format) {
		return types.stream()
			.anyMatch((t) -> t.getQualityValue() <= 0 && t.equalsTypeAndSubtype(MediaType.parseMediaType(format.mediaType())));
	}

	private static ApiProblem notAcceptable(String why) {
		List<String> served = new ArrayList<>();
		for (TensorFormat format : TensorFormat.values()) {
			served.add(format.mediaType());
		}
		return new ApiProblem(ProblemType.NOT_ACCEPTABLE,
				why + "; the answer is served as " + String.join(", ", served)
						+ " (or choose with format=json|raw|npy|safetensors)")
			.parameter("Accept")
			.allowed(served);
	}

}
