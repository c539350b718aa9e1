package io.glorot.random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StreamIdTests {

	// Expected values from Python 3.11:
	// struct.unpack('<Q', hashlib.sha256(name.encode()).digest()[:8])[0]

	@Test
	void ofWhenUnnamedShouldBeStreamZero() {
		assertThat(StreamId.of(null)).isZero();
	}

	@Test
	void ofShouldReadFirstEightDigestBytesLittleEndian() {
		assertThat(StreamId.of("encoder.0.weight")).isEqualTo(0x916c64157a37e084L);
		assertThat(StreamId.of("head.weight")).isEqualTo(0x45804df600689837L);
	}

	@Test
	void ofShouldHashUtf8Bytes() {
		assertThat(StreamId.of("é")).isEqualTo(0x53c333407e55994aL);
	}

}
