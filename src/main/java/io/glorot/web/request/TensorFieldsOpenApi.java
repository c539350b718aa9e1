package io.glorot.web.request;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Derives every other description of a tensor's fields from the one model, the {@code TensorRequest} schema that
 * springdoc infers from {@link TensorBody}: the query parameters of the GET endpoints, and the batch's
 * {@code BatchDefaults} and {@code BatchTensor} schemas. So a field added to the model appears everywhere the
 * service accepts it, and the contract test ({@code OpenApiContractTests}) fails when an operation lacks one.
 */
@Component
class TensorFieldsOpenApi implements OpenApiCustomizer {

	/** The model's schema name. */
	static final String MODEL = "TensorRequest";

	/** The GET operations that take the model's fields as query parameters, and the fields each declares itself. */
	static final Map<String, List<String>> QUERY_OPERATIONS = Map.of("/v1/weights", List.of(),
			"/v1/weights/histogram", List.of("format"));

	/** Fields a batch takes once for all its tensors, not per tensor. */
	static final List<String> BATCH_WIDE = List.of("seed", "format");

	@Override
	public void customise(OpenAPI openApi) {
		Map<String, Schema> schemas = openApi.getComponents().getSchemas();
		Schema<?> model = schemas.get(MODEL);
		if (model == null || model.getProperties() == null) {
			return;
		}
		Map<String, Schema> fields = new LinkedHashMap<>();
		TensorBody.FIELDS.forEach((name) -> fields.put(name, model.getProperties().get(name)));
		QUERY_OPERATIONS.forEach((path, own) -> {
			PathItem item = openApi.getPaths().get(path);
			if (item != null && item.getGet() != null) {
				addQueryParameters(item.getGet(), fields, own);
			}
		});
		schemas.put("BatchDefaults", subset(fields, List.of("shape", "name", "seed", "format"))
			.description("Fields every tensor takes unless it gives its own: those of a single-tensor request but "
					+ "shape, name, seed and format. A tensor's own gain or nonlinearity replaces the defaults' "
					+ "gain, nonlinearity and negativeSlope together."));
		Schema<Object> tensor = subset(fields, BATCH_WIDE)
			.description("A tensor of a batch: the fields of a single-tensor request but seed and format, "
					+ "with name required");
		tensor.addProperty("name", new Schema<>().type("string").minLength(1).maxLength(256)
			.example("encoder.0.weight")
			.description("Unique in the batch; selects the random stream. Not __metadata__. With npz, also a safe "
					+ "zip path (no leading or trailing /, no \\, no drive letter, no empty, . or .. segments)"));
		tensor.setRequired(List.of("name", "shape"));
		schemas.put("BatchTensor", tensor);
	}

	private static void addQueryParameters(Operation operation, Map<String, Schema> fields, List<String> own) {
		List<Parameter> parameters = new ArrayList<>();
		fields.forEach((name, schema) -> {
			if (!own.contains(name)) {
				parameters.add(queryParameter(name, schema));
			}
		});
		if (operation.getParameters() != null) {
			parameters.addAll(operation.getParameters());
		}
		operation.setParameters(parameters);
	}

	private static Parameter queryParameter(String name, Schema<?> field) {
		Parameter parameter = new Parameter().name(name).in("query").description(field.getDescription());
		if (name.equals("shape")) {
			return parameter.required(true).style(Parameter.StyleEnum.FORM).explode(false).schema(withoutDocs(field));
		}
		return parameter.schema(withoutDocs(field));
	}

	/** A copy of a field's schema without what the parameter says itself (description, example). */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static Schema<?> withoutDocs(Schema<?> field) {
		Schema copy = new Schema<>();
		copy.setType(field.getType());
		// a query parameter is text; of a JSON field's alternatives (a seed is a number or a string of digits)
		// the integer is what it holds
		copy.setTypes((field.getTypes() != null && field.getTypes().contains("integer")) ? Set.of("integer")
				: field.getTypes());
		copy.setFormat(field.getFormat());
		copy.setEnum(field.getEnum());
		if (field.getDefault() != null) {
			copy.setDefault(field.getDefault());
		}
		copy.setMinimum(field.getMinimum());
		copy.setMaximum(field.getMaximum());
		copy.setExclusiveMinimumValue(field.getExclusiveMinimumValue());
		copy.setMinLength(field.getMinLength());
		copy.setMaxLength(field.getMaxLength());
		copy.setItems(field.getItems());
		copy.setMinItems(field.getMinItems());
		copy.setMaxItems(field.getMaxItems());
		return copy;
	}

	private static Schema<Object> subset(Map<String, Schema> fields, List<String> without) {
		Schema<Object> schema = new Schema<>();
		schema.type("object");
		schema.setTypes(Set.of("object"));
		fields.forEach((name, field) -> {
			if (!without.contains(name)) {
				schema.addProperty(name, field);
			}
		});
		return schema;
	}

}
