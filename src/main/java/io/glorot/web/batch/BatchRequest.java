package io.glorot.web.batch;

import java.util.List;
import java.util.Optional;

import io.glorot.format.BatchFormat;
import io.glorot.tensor.TensorSpec;
import io.glorot.web.problem.ApiProblem;
import io.glorot.web.request.LayeredFields;

/**
 * A parsed batch request.
 *
 * @param tensors the tensors, in request order
 * @param seed the seed of every tensor
 * @param seedGiven whether the client chose the seed (otherwise the service drew it)
 * @param format the format asked for with {@code format}, which overrides {@code Accept}
 */
record BatchRequest(List<BatchTensor> tensors, long seed, boolean seedGiven, Optional<BatchFormat> format) {

	/**
	 * Returns the tensors' specs.
	 * @return the specs, in request order
	 */
	List<TensorSpec> specs() {
		return this.tensors.stream().map(BatchTensor::spec).toList();
	}

	/**
	 * One tensor of a batch.
	 *
	 * @param index its position in {@code tensors}
	 * @param spec what to generate
	 * @param fields the fields it was read from, to name a field at fault
	 */
	record BatchTensor(int index, TensorSpec spec, LayeredFields fields) {

		/**
		 * Names a field of this tensor as the client gave it.
		 * @param field the field
		 * @return e.g. {@code tensors[3].dtype} or {@code defaults.dtype}
		 */
		String parameter(String field) {
			String qualified = this.fields.qualified(field);
			return qualified.equals(field) ? "tensors[" + this.index + "]." + field : qualified;
		}

		/**
		 * Returns how problems refer to this tensor.
		 * @return e.g. {@code tensors[3] ('encoder.0.weight')}
		 */
		String label() {
			return "tensors[" + this.index + "] (" + ApiProblem.quote(this.spec.name()) + ")";
		}

	}

}
