package io.glorot.web.serving;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

import io.glorot.format.TensorFormat;
import io.glorot.web.problem.ApiProblem;
import io.glorot.web.problem.ProblemType;

/**
 * Chooses the answer's format: {@code format=} when given, else the {@code Accept} header by quality, with JSON
 * for no header, {@code *}{@code /*} or {@code application/*}.
 */
@Component
public class FormatNegotiation {

	/**
	 * Chooses a format.
	 * @param explicit the {@code format} parameter, if any
	 * @param accept the {@code Accept} header, if any
	 * @return the format
	 * @throws ApiProblem (406) when Accept admits no format
	 */
	public TensorFormat resolve(Optional<TensorFormat> explicit, String accept) {
		if (explicit.isPresent()) {
			return explicit.get();
		}
		if (accept == null || accept.isBlank()) {
			return TensorFormat.JSON;
		}
		List<Map.Entry<MediaType, TensorFormat>> offered = Arrays.stream(TensorFormat.values())
			.map((format) -> Map.entry(MediaType.parseMediaType(format.mediaType()), format))
			.toList();
		return AcceptHeader.choose(accept, offered, FormatNegotiation::notAcceptable);
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
