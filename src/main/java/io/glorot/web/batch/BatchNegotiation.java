package io.glorot.web.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

import io.glorot.format.BatchFormat;
import io.glorot.web.problem.ApiProblem;
import io.glorot.web.problem.ProblemType;
import io.glorot.web.serving.AcceptHeader;

/**
 * Chooses a batch answer's format as {@link io.glorot.web.serving.FormatNegotiation} does for one tensor: {@code format} when given, else
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
		List<Map.Entry<MediaType, BatchFormat>> offered = new ArrayList<>();
		for (BatchFormat format : BatchFormat.values()) {
			format.mediaTypes().forEach((type) -> offered.add(Map.entry(MediaType.parseMediaType(type), format)));
		}
		return AcceptHeader.choose(accept, offered, BatchNegotiation::notAcceptable);
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
