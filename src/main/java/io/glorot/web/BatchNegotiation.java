package io.glorot.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

import io.glorot.format.BatchFormat;

/**
 * Chooses a batch answer's format as {@link FormatNegotiation} does for one tensor: {@code format} when given, else
 * the {@code Accept} header by quality, with JSON for no header, {@code *}{@code /*} or {@code application/*};
 * {@code application/octet-stream} selects safetensors.
 */
@Component
class BatchNegotiation {

	/**
	 * Chooses a format.
	 * @param explicit the {@code format} field, if any
	 * @param accept the {@code Accept} header, if any
	 * @return the format
	 * @throws ApiProblem (406) when Accept admits no format
	 */
	BatchFormat resolve(Optional<BatchFormat> explicit, String accept) {
		if (explicit.isPresent()) {
			return explicit.get();
		}
		if (accept == null || accept.isBlank()) {
			return BatchFormat.JSON;
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
			for (BatchFormat format : BatchFormat.values()) {
				for (String served : format.mediaTypes()) {
					MediaType candidate = MediaType.parseMediaType(served);
					if (type.includes(candidate) && !excluded(types, candidate)) {
						return format;
					}
				}
			}
		}
		throw notAcceptable("none of the media types in Accept " + ApiProblem.quote(accept) + " is served");
	}

	/** Tells whether Accept names a media type explicitly with q=0. */
	private static boolean excluded(List<MediaType> types, MediaType candidate) {
		return types.stream().anyMatch((t) -> t.getQualityValue() <= 0 && t.equalsTypeAndSubtype(candidate));
	}

	private static ApiProblem notAcceptable(String why) {
		List<String> served = new ArrayList<>();
		for (BatchFormat format : BatchFormat.values()) {
			served.addAll(format.mediaTypes());
		}
		return new ApiProblem(ProblemType.NOT_ACCEPTABLE,
				why + "; the batch answer is served as " + String.join(", ", served)
						+ " (or choose with format=json|safetensors|npz)")
			.parameter("Accept")
			.allowed(served);
	}

}
