package io.glorot.web.serving;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

import io.glorot.web.problem.ApiProblem;

/**
 * Content negotiation the same way for every endpoint: the {@code Accept} entries by quality (stable for equal
 * quality); for each entry with {@code q > 0}, the first offered media type it includes wins, unless an entry
 * names that type explicitly with {@code q=0}.
 */
public final class AcceptHeader {

	private AcceptHeader() {
	}

	/**
	 * Chooses what to answer.
	 * @param <T> what an offered media type stands for
	 * @param accept the header's value, not blank
	 * @param offered the media types served, in order of preference, each with what it stands for
	 * @param notAcceptable makes the 406 problem, given why
	 * @return the choice
	 * @throws ApiProblem (406) when the header is malformed or admits nothing offered
	 */
	public static <T> T choose(String accept, List<Map.Entry<MediaType, T>> offered, Function<String, ApiProblem> notAcceptable) {
		List<MediaType> types;
		try {
			types = new ArrayList<>(MediaType.parseMediaTypes(accept));
		}
		catch (InvalidMediaTypeException ex) {
			throw notAcceptable.apply("the Accept header " + ApiProblem.quote(accept) + " is not a list of media types");
		}
		types.sort(Comparator.comparingDouble(MediaType::getQualityValue).reversed());
		for (MediaType type : types) {
			if (type.getQualityValue() <= 0) {
				continue;
			}
			Optional<T> choice = offered.stream()
				.filter((entry) -> type.includes(entry.getKey()) && !excluded(types, entry.getKey()))
				.map(Map.Entry::getValue)
				.findFirst();
			if (choice.isPresent()) {
				return choice.get();
			}
		}
		throw notAcceptable.apply("none of the media types in Accept " + ApiProblem.quote(accept) + " is served");
	}

	/** Tells whether Accept names a media type explicitly with q=0. */
	private static boolean excluded(List<MediaType> types, MediaType candidate) {
		return types.stream().anyMatch((t) -> t.getQualityValue() <= 0 && t.equalsTypeAndSubtype(candidate));
	}

}
