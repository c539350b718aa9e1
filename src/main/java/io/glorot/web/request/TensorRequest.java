package io.glorot.web.request;

import java.util.Optional;

import io.glorot.format.TensorFormat;
import io.glorot.tensor.TensorSpec;

/**
 * A parsed single-tensor request.
 *
 * @param spec what to generate
 * @param format the format asked for with {@code format=}, which overrides {@code Accept}
 * @param seedGiven whether the client chose the seed (otherwise the service drew it)
 */
public record TensorRequest(TensorSpec spec, Optional<TensorFormat> format, boolean seedGiven) {

}
