package io.glorot.web.cache;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Random;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * The store without HTTP: entries survive a restart and are verified before their first use there, so a file
 * changed while the service was down (even with its time put back) is found; partial files are never adopted; an
 * answer that fails midway is not stored.
 */
class RepeatCacheTests {

	private static final long MIB = 1 << 20;

	/** The meters of the cache opened last: each open is a start of the service, with meters of its own. */
	private SimpleMeterRegistry registry;

	@TempDir
	Path directory;

	@Test
	void adoptedEntriesShouldBeVerifiedBeforeTheirFirstUse() throws IOException {
		byte[] good = bytes(1, 2 * MIB);
		byte[] damaged = bytes(2, 2 * MIB);
		try (RepeatCache cache = open()) {
			store(cache, tag('a'), good);
			store(cache, tag('b'), damaged);
		}
		Path file = this.directory.resolve("b".repeat(32) + ".bin");
		FileTime time = Files.getLastModifiedTime(file);
		try (RandomAccessFile damage = new RandomAccessFile(file.toFile(), "rw")) {
			damage.seek(MIB);
			damage.write(~damaged[(int) MIB]);
		}
		Files.setLastModifiedTime(file, time);
		Files.write(this.directory.resolve("c".repeat(32) + ".7.part"), new byte[100]);

		try (RepeatCache cache = open()) {
			assertThat(cache.lookup(tag('a'), good.length)).hasValueSatisfying(
					(path) -> assertThat(contents(path)).isEqualTo(good));
			assertThat(cache.lookup(tag('b'), damaged.length)).isEmpty();
			assertThat(this.registry.counter("glorot.cache.corrupt").count()).isEqualTo(1);
			assertThat(Files.exists(this.directory.resolve("c".repeat(32) + ".7.part"))).isFalse();
		}
	}

	@Test
	void answerThatFailsMidwayShouldNotBeStored() throws IOException {
		try (RepeatCache cache = open()) {
			OutputStream failing = new OutputStream() {

				private long count;

				@Override
				public void write(int b) throws IOException {
					write(new byte[] { (byte) b }, 0, 1);
				}

				@Override
				public void write(byte[] b, int off, int len) throws IOException {
					this.count += len;
					if (this.count > MIB) {
						throw new IOException("client went away");
					}
				}

			};
			byte[] answer = bytes(3, 2 * MIB);
			assertThatIOException().isThrownBy(() -> cache.writeThrough(tag('d'), answer.length, failing,
					(out) -> writeInPieces(answer, out)));
			assertThat(cache.lookup(tag('d'), answer.length)).isEmpty();
			try (var files = Files.list(this.directory)) {
				assertThat(files).isEmpty();
			}
			assertThat(cache.sizeBytes()).isZero();
			// the reservation was released: the budget still takes the answer
			store(cache, tag('d'), answer);
			assertThat(cache.lookup(tag('d'), answer.length)).isPresent();
		}
	}

	private RepeatCache open() {
		this.registry = new SimpleMeterRegistry();
		return new RepeatCache(this.directory, 8 * MIB, MIB, 0, new RepeatCacheMetrics(this.registry));
	}

	private static void store(RepeatCache cache, String tag, byte[] answer) throws IOException {
		ByteArrayOutputStream client = new ByteArrayOutputStream();
		cache.writeThrough(tag, answer.length, client, (out) -> writeInPieces(answer, out));
		assertThat(client.toByteArray()).isEqualTo(answer);
	}

	private static void writeInPieces(byte[] answer, OutputStream out) throws IOException {
		for (int at = 0; at < answer.length; at += 300_000) {
			out.write(answer, at, Math.min(300_000, answer.length - at));
		}
	}

	private static String tag(char c) {
		return "\"" + String.valueOf(c).repeat(32) + "\"";
	}

	private static byte[] bytes(long seed, long length) {
		byte[] bytes = new byte[(int) length];
		new Random(seed).nextBytes(bytes);
		return bytes;
	}

	private static byte[] contents(Path path) {
		try {
			return Files.readAllBytes(path);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
