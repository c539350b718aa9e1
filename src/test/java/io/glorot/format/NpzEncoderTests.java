package io.glorot.format;

import java.io.ByteArrayOutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.glorot.generator.PhiloxGenerator;
import io.glorot.init.Distribution;
import io.glorot.init.Fans;
import io.glorot.init.Layout;
import io.glorot.init.Mode;
import io.glorot.init.XavierParameters;
import io.glorot.tensor.DType;
import io.glorot.tensor.Region;
import io.glorot.tensor.Shape;
import io.glorot.tensor.TensorSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The npz encoder's zip records: a small archive round trip through {@link ZipFile}, and the ZIP64 path checked on
 * the header builders and on a sparse file of more than 4 GiB laid out by the encoder's own plan, so no 4 GiB of
 * values is ever made.
 */
class NpzEncoderTests {

	private static final long GIB4 = 1L << 32;

	@Test
	void archiveWhenWrittenShouldHaveThePlannedLengthAndReadBackInZipFile(@TempDir Path dir) throws Exception {
		List<TensorSpec> specs = List.of(spec("a", 3, 4), spec("dir/b\u00e9", 5));
		NpzEncoder encoder = new NpzEncoder();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		encoder.write(specs, out);
		assertThat((long) out.size()).isEqualTo(encoder.contentLength(specs).getAsLong());
		Path file = dir.resolve("x.npz");
		java.nio.file.Files.write(file, out.toByteArray());
		try (ZipFile zip = new ZipFile(file.toFile())) {
			assertThat(zip.stream().map(ZipEntry::getName)).containsExactly("a.npy", "dir/b\u00e9.npy");
			for (TensorSpec spec : specs) {
				ZipEntry entry = zip.getEntry(spec.name() + ".npy");
				ByteArrayOutputStream npy = new ByteArrayOutputStream();
				new NpyEncoder().write(spec, spec.generator().open(spec), npy);
				assertThat(zip.getInputStream(entry).readAllBytes()).isEqualTo(npy.toByteArray());
				CRC32 crc = new CRC32();
				crc.update(npy.toByteArray());
				assertThat(entry.getCrc()).isEqualTo(crc.getValue());
			}
		}
		// same request, same bytes: no timestamps
		ByteArrayOutputStream again = new ByteArrayOutputStream();
		encoder.write(specs, again);
		assertThat(again.toByteArray()).isEqualTo(out.toByteArray());
	}

	@Test
	void centralHeaderWhenSizeAndOffsetPass4GiBShouldCarryBothInTheZip64ExtraField() {
		byte[] name = "big.npy".getBytes(StandardCharsets.UTF_8);
		long size = GIB4 + 12345;
		long offset = 3 * GIB4 + 7;
		ByteBuffer header = le(NpzEncoder.centralHeader(name, 0xCAFEBABEL, size, offset));
		assertThat(header.getInt(0)).isEqualTo(0x02014b50);
		assertThat(header.getShort(6)).isEqualTo((short) 45);
		assertThat(header.getInt(16)).isEqualTo(0xCAFEBABE);
		assertThat(header.getInt(20)).isEqualTo(-1);
		assertThat(header.getInt(24)).isEqualTo(-1);
		assertThat(header.getInt(42)).isEqualTo(-1);
		assertThat(header.getShort(30)).isEqualTo((short) (4 + 24));
		int extra = 46 + name.length;
		assertThat(header.getShort(extra)).isEqualTo((short) 1);
		assertThat(header.getShort(extra + 2)).isEqualTo((short) 24);
		assertThat(header.getLong(extra + 4)).isEqualTo(size);
		assertThat(header.getLong(extra + 12)).isEqualTo(size);
		assertThat(header.getLong(extra + 20)).isEqualTo(offset);
		assertThat(header.capacity()).isEqualTo(extra + 28);
	}

	@Test
	void centralHeaderWhenOnlyTheOffsetPasses4GiBShouldCarryOnlyTheOffset() {
		byte[] name = "x.npy".getBytes(StandardCharsets.UTF_8);
		ByteBuffer header = le(NpzEncoder.centralHeader(name, 1, 100, GIB4));
		assertThat(header.getInt(20)).isEqualTo(100);
		assertThat(header.getInt(42)).isEqualTo(-1);
		assertThat(header.getShort(46 + name.length + 2)).isEqualTo((short) 8);
		assertThat(header.getLong(46 + name.length + 4)).isEqualTo(GIB4);
		ByteBuffer small = le(NpzEncoder.centralHeader(name, 1, 100, GIB4 - 2));
		assertThat(small.capacity()).isEqualTo(46 + name.length);
		assertThat(small.getShort(6)).isEqualTo((short) 20);
	}

	@Test
	void dataDescriptorWhenEntryReaches4GiBShouldHaveEightByteSizes() {
		ByteBuffer big = le(NpzEncoder.dataDescriptor(0x12345678L, GIB4 - 1));
		assertThat(big.capacity()).isEqualTo(24);
		assertThat(big.getInt(0)).isEqualTo(0x08074b50);
		assertThat(big.getInt(4)).isEqualTo(0x12345678);
		assertThat(big.getLong(8)).isEqualTo(GIB4 - 1);
		assertThat(big.getLong(16)).isEqualTo(GIB4 - 1);
		ByteBuffer small = le(NpzEncoder.dataDescriptor(7, GIB4 - 2));
		assertThat(small.capacity()).isEqualTo(16);
		assertThat(small.getInt(8)).isEqualTo((int) (GIB4 - 2));
	}

	@Test
	void endWhenDirectoryPasses4GiBShouldWriteZip64RecordAndLocator() {
		long directoryOffset = GIB4 + 500;
		ByteBuffer end = le(NpzEncoder.end(2, directoryOffset, 150));
		assertThat(end.capacity()).isEqualTo(56 + 20 + 22);
		assertThat(end.getInt(0)).isEqualTo(0x06064b50);
		assertThat(end.getLong(4)).isEqualTo(44);
		assertThat(end.getLong(24)).isEqualTo(2);
		assertThat(end.getLong(32)).isEqualTo(2);
		assertThat(end.getLong(40)).isEqualTo(150);
		assertThat(end.getLong(48)).isEqualTo(directoryOffset);
		assertThat(end.getInt(56)).isEqualTo(0x07064b50);
		assertThat(end.getLong(64)).isEqualTo(directoryOffset + 150);
		assertThat(end.getInt(72)).isEqualTo(1);
		assertThat(end.getInt(76)).isEqualTo(0x06054b50);
		assertThat(end.getShort(86)).isEqualTo((short) 2);
		assertThat(end.getInt(88)).isEqualTo(150);
		assertThat(end.getInt(92)).isEqualTo(-1);
		assertThat(le(NpzEncoder.end(0xFFFF, 10, 10)).capacity()).isEqualTo(98);
		assertThat(le(NpzEncoder.end(0xFFFE, 10, 10)).capacity()).isEqualTo(22);
	}

	@Test
	void archiveWhenLargerThan4GiBShouldBeLaidOutWithZip64AndReadByZipFile(@TempDir Path dir) throws Exception {
		// 2^30 + 16 float32 elements: the entry is more than 4 GiB; the second entry's offset is past 4 GiB
		TensorSpec big = spec("big", (1L << 30) + 16);
		TensorSpec small = spec("small", 2, 3);
		NpzEncoder.Plan plan = NpzEncoder.plan(List.of(big, small));
		NpzEncoder.Entry first = plan.entries().get(0);
		NpzEncoder.Entry second = plan.entries().get(1);
		assertThat(first.size()).isGreaterThan(GIB4);
		assertThat(second.offset()).isEqualTo(30 + 7 + first.size() + 24);
		assertThat(plan.length()).isEqualTo(plan.directoryOffset() + plan.directorySize() + 56 + 20 + 22);
		assertThat(new NpzEncoder().contentLength(List.of(big, small)).getAsLong()).isEqualTo(plan.length());
		// write the archive by the plan into a sparse file: the big entry's data is all zeros, never written
		byte[] smallData = npy(small);
		byte[] bigHeader = NpyEncoder.header(big);
		Path file = dir.resolve("big.npz");
		CRC32 bigCrc = new CRC32();
		bigCrc.update(bigHeader);
		byte[] zeros = new byte[1 << 20];
		long remaining = first.size() - bigHeader.length;
		while (remaining > 0) {
			int n = (int) Math.min(zeros.length, remaining);
			bigCrc.update(zeros, 0, n);
			remaining -= n;
		}
		CRC32 smallCrc = new CRC32();
		smallCrc.update(smallData);
		try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
			out.write(NpzEncoder.localHeader(first.name(), first.size()));
			out.write(bigHeader);
			out.seek(30 + first.name().length + first.size());
			out.write(NpzEncoder.dataDescriptor(bigCrc.getValue(), first.size()));
			assertThat(out.getFilePointer()).isEqualTo(second.offset());
			out.write(NpzEncoder.localHeader(second.name(), second.size()));
			out.write(smallData);
			out.write(NpzEncoder.dataDescriptor(smallCrc.getValue(), second.size()));
			assertThat(out.getFilePointer()).isEqualTo(plan.directoryOffset());
			out.write(NpzEncoder.centralHeader(first.name(), bigCrc.getValue(), first.size(), first.offset()));
			out.write(NpzEncoder.centralHeader(second.name(), smallCrc.getValue(), second.size(), second.offset()));
			out.write(NpzEncoder.end(2, plan.directoryOffset(), plan.directorySize()));
			assertThat(out.getFilePointer()).isEqualTo(plan.length());
		}
		try (ZipFile zip = new ZipFile(file.toFile())) {
			ZipEntry bigEntry = zip.getEntry("big.npy");
			assertThat(bigEntry.getSize()).isEqualTo(first.size());
			assertThat(bigEntry.getCrc()).isEqualTo(bigCrc.getValue());
			assertThat(zip.getInputStream(bigEntry).readNBytes(bigHeader.length)).isEqualTo(bigHeader);
			ZipEntry smallEntry = zip.getEntry("small.npy");
			assertThat(zip.getInputStream(smallEntry).readAllBytes()).isEqualTo(smallData);
		}
	}

	/** APPNOTE 4.4.3: "version needed to extract" is 2.0, or 4.5 once an entry's size reaches 0xFFFFFFFF. */
	@Test
	void localHeaderShouldNeedVersion45ExactlyFromSize0xFFFFFFFF() {
		byte[] name = "w.npy".getBytes(StandardCharsets.UTF_8);
		ByteBuffer below = le(NpzEncoder.localHeader(name, 0xFFFFFFFEL));
		assertThat(below.capacity()).isEqualTo(30 + name.length);
		assertThat(below.getInt(0)).isEqualTo(0x04034b50);
		assertThat(below.getShort(4)).isEqualTo((short) 20);
		assertThat(below.getShort(6)).isEqualTo((short) 0x0808);
		assertThat(below.getShort(8)).isZero();
		assertThat(below.getShort(12)).isEqualTo((short) 0x21);
		assertThat(below.getInt(14)).isZero();
		assertThat(below.getInt(18)).isZero();
		assertThat(below.getInt(22)).isZero();
		assertThat(below.getShort(26)).isEqualTo((short) name.length);
		assertThat(below.getShort(28)).isZero();
		assertThat(le(NpzEncoder.localHeader(name, 0xFFFFFFFFL)).getShort(4)).isEqualTo((short) 45);
	}

	/**
	 * A central header goes ZIP64 exactly when its size or its offset reaches 0xFFFFFFFF (the value that means
	 * "see the extra field"), and then says so in both "version made by" and "version needed".
	 */
	@Test
	void centralHeaderShouldSwitchToZip64ExactlyAt0xFFFFFFFF() {
		byte[] name = "w.npy".getBytes(StandardCharsets.UTF_8);
		long max = 0xFFFFFFFFL;
		ByteBuffer classic = le(NpzEncoder.centralHeader(name, 9, max - 1, max - 1));
		assertThat(classic.capacity()).isEqualTo(46 + name.length);
		assertThat(classic.getShort(4)).isEqualTo((short) 20);
		assertThat(classic.getShort(6)).isEqualTo((short) 20);
		assertThat(classic.getShort(8)).isEqualTo((short) 0x0808);
		assertThat(classic.getShort(14)).isEqualTo((short) 0x21);
		assertThat(classic.getInt(20)).isEqualTo((int) (max - 1));
		assertThat(classic.getInt(24)).isEqualTo((int) (max - 1));
		assertThat(classic.getShort(28)).isEqualTo((short) name.length);
		assertThat(classic.getShort(30)).isZero();
		assertThat(classic.getInt(42)).isEqualTo((int) (max - 1));
		ByteBuffer size = le(NpzEncoder.centralHeader(name, 9, max, 0));
		assertThat(size.getShort(4)).isEqualTo((short) 45);
		assertThat(size.getShort(6)).isEqualTo((short) 45);
		assertThat(size.getShort(30)).isEqualTo((short) (4 + 16));
		assertThat(size.getInt(20)).isEqualTo(-1);
		assertThat(size.getInt(42)).isZero();
		assertThat(size.getLong(46 + name.length + 4)).isEqualTo(max);
		assertThat(size.capacity()).isEqualTo(46 + name.length + 4 + 16);
		ByteBuffer offset = le(NpzEncoder.centralHeader(name, 9, 100, max));
		assertThat(offset.getShort(4)).isEqualTo((short) 45);
		assertThat(offset.getShort(6)).isEqualTo((short) 45);
		assertThat(offset.getShort(30)).isEqualTo((short) (4 + 8));
		assertThat(offset.getInt(42)).isEqualTo(-1);
		assertThat(offset.getLong(46 + name.length + 4)).isEqualTo(max);
		assertThat(NpzEncoder.centralHeaderLength(name, max, max)).isEqualTo(46 + name.length + 4 + 24);
	}

	/** The ZIP64 end records appear exactly when the count reaches 0xFFFF or the directory's offset or size 0xFFFFFFFF. */
	@Test
	void endShouldSwitchToZip64ExactlyAtTheClassicLimits() {
		long max = 0xFFFFFFFFL;
		ByteBuffer classic = le(NpzEncoder.end(3, max - 1, max - 1));
		assertThat(classic.capacity()).isEqualTo(22);
		assertThat(classic.getInt(0)).isEqualTo(0x06054b50);
		assertThat(classic.getShort(8)).isEqualTo((short) 3);
		assertThat(classic.getShort(10)).isEqualTo((short) 3);
		assertThat(classic.getInt(12)).isEqualTo((int) (max - 1));
		assertThat(classic.getInt(16)).isEqualTo((int) (max - 1));
		assertThat(classic.getShort(20)).isZero();
		ByteBuffer offset = le(NpzEncoder.end(3, max, 10));
		assertThat(offset.capacity()).isEqualTo(98);
		assertThat(offset.getShort(12)).isEqualTo((short) 45);
		assertThat(offset.getShort(14)).isEqualTo((short) 45);
		assertThat(offset.getInt(76 + 16)).isEqualTo(-1);
		assertThat(offset.getInt(76 + 12)).isEqualTo(10);
		ByteBuffer size = le(NpzEncoder.end(3, 10, max));
		assertThat(size.capacity()).isEqualTo(98);
		assertThat(size.getLong(40)).isEqualTo(max);
		assertThat(size.getInt(76 + 12)).isEqualTo(-1);
		ByteBuffer count = le(NpzEncoder.end(0xFFFF, 10, 10));
		assertThat(count.getLong(24)).isEqualTo(0xFFFF);
		assertThat(count.getShort(76 + 8)).isEqualTo((short) -1);
		assertThat(NpzEncoder.endLength(0xFFFE, max - 1, max - 1)).isEqualTo(22);
		assertThat(NpzEncoder.endLength(0xFFFF, 0, 0)).isEqualTo(98);
	}

	private static byte[] npy(TensorSpec spec) throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		new NpyEncoder().write(spec, spec.generator().open(spec), out);
		return out.toByteArray();
	}

	private static TensorSpec spec(String name, long... dims) {
		Shape shape = Shape.of(dims);
		return new TensorSpec(Region.all(shape), DType.FLOAT32, Distribution.UNIFORM, Layout.KERAS,
				XavierParameters.of(new Fans(3, 4), Mode.FAN_AVG, 1.0), 42, name, new PhiloxGenerator());
	}

	private static ByteBuffer le(byte[] bytes) {
		return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
	}

}
