package io.glorot.web.request;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.glorot.web.problem.ProblemType;

/**
 * A request's fields, read the same way whether they came as query parameters or as a JSON body. Each accessor
 * returns empty when the field is absent and throws an {@link io.glorot.web.problem.ApiProblem} naming the field when its value has the
 * wrong form.
 */
public interface RequestFields {

	/**
	 * Returns the names of all fields present.
	 * @return the names
	 */
	Set<String> names();

	/**
	 * Reads a text field.
	 * @param name the field
	 * @return its text
	 */
	Optional<String> text(String name);

	/**
	 * Reads an integer field (any size; the caller checks the range).
	 * @param name the field
	 * @param problem the kind of problem a malformed value is
	 * @param allowed what the field allows, for the problem's detail
	 * @return its value
	 */
	Optional<BigInteger> integer(String name, ProblemType problem, String allowed);

	/**
	 * Reads a list of integers: comma-separated in a query, an array in JSON.
	 * @param name the field
	 * @param problem the kind of problem a malformed value is
	 * @param allowed what the field allows, for the problem's detail
	 * @return the integers
	 */
	Optional<List<BigInteger>> integers(String name, ProblemType problem, String allowed);

	/**
	 * Reads a real number.
	 * @param name the field
	 * @param allowed what the field allows, for the problem's detail
	 * @return its value, which may be infinite or NaN where the syntax allowed it
	 */
	Optional<Double> number(String name, String allowed);

}
