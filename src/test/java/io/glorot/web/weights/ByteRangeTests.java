package io.glorot.web.weights;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ByteRangeTests {

	@Test
	void parseShouldReadSingleRangesOfEveryForm() {
		assertThat(ByteRange.parse("bytes=0-99", 1000)).hasValue(new ByteRange(0, 99, 1000));
		assertThat(ByteRange.parse("bytes=900-", 1000)).hasValue(new ByteRange(900, 999, 1000));
		assertThat(ByteRange.parse("bytes=-100", 1000)).hasValue(new ByteRange(900, 999, 1000));
		assertThat(ByteRange.parse("bytes=-5000", 1000)).hasValue(new ByteRange(0, 999, 1000));
		assertThat(ByteRange.parse("bytes=990-99999999999999999999999", 1000)).hasValue(new ByteRange(990, 999, 1000));
		assertThat(ByteRange.parse("bytes=990-99999999999999999999999", 1000).orElseThrow().contentRange())
			.isEqualTo("bytes 990-999/1000");
	}

	@Test
	void parseShouldIgnoreWhatItDoesNotServe() {
		assertThat(ByteRange.parse("bytes=0-1,4-5", 1000)).isEmpty();
		assertThat(ByteRange.parse("items=0-1", 1000)).isEmpty();
		assertThat(ByteRange.parse("bytes=5-2", 1000)).isEmpty();
		assertThat(ByteRange.parse("bytes=-", 1000)).isEmpty();
	}

	@Test
	void parseWhenRangeStartsPastEndShouldFail() {
		assertThatExceptionOfType(RangeNotSatisfiableException.class).isThrownBy(() -> ByteRange.parse("bytes=1000-", 1000));
		assertThatExceptionOfType(RangeNotSatisfiableException.class)
			.isThrownBy(() -> ByteRange.parse("bytes=99999999999999999999-", 1000));
		assertThatExceptionOfType(RangeNotSatisfiableException.class).isThrownBy(() -> ByteRange.parse("bytes=-0", 1000));
	}

}
