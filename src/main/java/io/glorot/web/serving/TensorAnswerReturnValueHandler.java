package io.glorot.web.serving;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodParameter;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityReturnValueHandler;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBodyReturnValueHandler;

/**
 * Lets a handler declared to return {@code ResponseEntity<?>} answer either way a tensor is answered: a small
 * answer as a {@code ResponseEntity<byte[]>}, written at once by Spring's {@link ResponseEntityReturnValueHandler}, and a
 * large one as a {@code ResponseEntity<StreamingResponseBody>}, streamed by Spring's
 * {@link StreamingResponseBodyReturnValueHandler}. Spring chooses a return value handler by the declared type only,
 * and would give every {@code ResponseEntity<?>} to the first; this one chooses by the body the handler returned.
 */
final class TensorAnswerReturnValueHandler implements HandlerMethodReturnValueHandler {

	private final HandlerMethodReturnValueHandler streaming;

	private final HandlerMethodReturnValueHandler entity;

	TensorAnswerReturnValueHandler(HandlerMethodReturnValueHandler streaming, HandlerMethodReturnValueHandler entity) {
		this.streaming = streaming;
		this.entity = entity;
	}

	@Override
	public boolean supportsReturnType(MethodParameter returnType) {
		return returnType.getParameterType() == ResponseEntity.class
				&& returnType.getContainingClass().isAnnotationPresent(TensorAnswers.class);
	}

	@Override
	public void handleReturnValue(@Nullable Object returnValue, MethodParameter returnType,
			ModelAndViewContainer mavContainer, NativeWebRequest webRequest) throws Exception {
		boolean streamed = returnValue instanceof ResponseEntity<?> response
				&& response.getBody() instanceof StreamingResponseBody;
		(streamed ? this.streaming : this.entity).handleReturnValue(returnValue, returnType, mavContainer, webRequest);
	}

	/** Puts the handler first among the adapter's return value handlers, wrapping Spring's own two. */
	@Component
	static class Registration implements BeanPostProcessor {

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (bean instanceof RequestMappingHandlerAdapter adapter && adapter.getReturnValueHandlers() != null) {
				List<HandlerMethodReturnValueHandler> handlers = new ArrayList<>(adapter.getReturnValueHandlers());
				HandlerMethodReturnValueHandler streaming = find(handlers, StreamingResponseBodyReturnValueHandler.class);
				HandlerMethodReturnValueHandler entity = find(handlers, ResponseEntityReturnValueHandler.class);
				handlers.addFirst(new TensorAnswerReturnValueHandler(streaming, entity));
				adapter.setReturnValueHandlers(handlers);
			}
			return bean;
		}

		private static HandlerMethodReturnValueHandler find(List<HandlerMethodReturnValueHandler> handlers,
				Class<?> type) {
			return handlers.stream()
				.filter(type::isInstance)
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("Spring MVC has no " + type.getSimpleName()));
		}

	}

}
