package io.glorot.web.problem;

/**
 * A failure, raised where Spring wraps it (for example while a request body is read), that knows the problem it
 * must be answered with. {@link ApiExceptionHandler} looks for one along the cause chain before it falls back to a
 * generic problem, so layers below the web features can report precise problems without depending on them.
 */
public interface ProblemCause {

	/**
	 * The problem to answer with.
	 * @return the problem
	 */
	ApiProblem problem();

}
