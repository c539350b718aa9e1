package io.glorot.web.serving;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller whose {@code ResponseEntity<?>} handlers answer with either bytes (small answers) or a
 * {@code StreamingResponseBody} (large ones); see {@link TensorAnswerReturnValueHandler}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface TensorAnswers {

}
