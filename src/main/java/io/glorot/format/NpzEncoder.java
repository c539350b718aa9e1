package io.glorot.format;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.zip.CRC32;

import io.glorot.tensor.TensorSpec;
import io.glorot.tensor.ValueWriter;

/**
 * NumPy's {@code .npz}: a zip archive (PKWARE APPNOTE 6.3) with one STORED (uncompressed) entry {@code <name>.npy}
 * per tensor, each exactly the single-tensor {@code .npy} answer ({@link NpyEncoder}). {@code numpy.load} opens it
 * and strips the {@code .npy}, so the keys are the tensor names.
 * <p>
 * Every length is known before any value is made, but the CRC-32 of an entry is not, so each local header sets
 * general-purpose bit 3 (sizes and CRC zero there) and a data descriptor after the data carries the CRC, computed
 * while the bytes stream, and the sizes. The central directory at the end holds everything. Bit 11 marks names as
 * UTF-8. Times are fixed at 1980-01-01 00:00 so the same request gives the same bytes. ZIP64 records are used only
 * where needed: the extended-information extra field for an entry whose size or offset does not fit in 32 bits, an
 * 8-byte-size data descriptor for an entry of 4 GiB or more, and the ZIP64 end records when the directory's offset,
 * size or entry count does not fit the classic end record.
 * <p>
 * Readers that use the central directory (Python's {@code zipfile} and so NumPy, Java's {@code ZipFile},
 * Info-ZIP {@code unzip}) read it; Java's {@code ZipInputStream}, which refuses data descriptors on STORED
 * entries, does not.
 */
public final class NpzEncoder implements BatchEncoder {

	private final ValueWriter values;

	/** An encoder that generates on the calling thread. */
	public NpzEncoder() {
		this(ValueWriter.sequential());
	}

	/**
	 * An encoder.
	 * @param values how the value bytes are produced
	 */
	public NpzEncoder(ValueWriter values) {
		this.values = values;
	}

	static final long MAX_32 = 0xFFFFFFFFL;

	static final int MAX_16 = 0xFFFF;

	private static final int LOCAL_SIGNATURE = 0x04034b50;

	private static final int DESCRIPTOR_SIGNATURE = 0x08074b50;

	private static final int CENTRAL_SIGNATURE = 0x02014b50;

	private static final int ZIP64_END_SIGNATURE = 0x06064b50;

	private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;

	private static final int END_SIGNATURE = 0x06054b50;

	/** General-purpose flags: bit 3 (data descriptor) and bit 11 (UTF-8 names). */
	private static final int FLAGS = 0x0008 | 0x0800;

	/** MS-DOS date of 1980-01-01: (year - 1980) << 9 | month << 5 | day. */
	private static final int DOS_DATE = (1 << 5) | 1;

	private static final int VERSION = 20;

	private static final int VERSION_ZIP64 = 45;

	/** Length of the ZIP64 end of central directory record plus its locator. */
	static final int ZIP64_END_LENGTH = 56 + 20;

	static final int END_LENGTH = 22;

	@Override
	public BatchFormat format() {
		return BatchFormat.NPZ;
	}

	/**
	 * Returns the member name of a tensor in the archive.
	 * @param tensorName the tensor's name
	 * @return the name with {@code .npy} appended
	 */
	public static String entryName(String tensorName) {
		return tensorName + ".npy";
	}

	@Override
	public OptionalLong contentLength(List<TensorSpec> tensors) {
		return OptionalLong.of(plan(tensors).length());
	}

	@Override
	public void write(List<TensorSpec> tensors, OutputStream out) throws IOException {
		Plan plan = plan(tensors);
		long[] crcs = new long[tensors.size()];
		for (int i = 0; i < tensors.size(); i++) {
			TensorSpec spec = tensors.get(i);
			Entry entry = plan.entries().get(i);
			out.write(localHeader(entry.name(), entry.size()));
			CrcOutputStream data = new CrcOutputStream(out);
			data.write(NpyEncoder.header(spec));
			this.values.write(spec, spec.generator().open(spec), data);
			crcs[i] = data.crc();
			out.write(dataDescriptor(crcs[i], entry.size()));
		}
		for (int i = 0; i < tensors.size(); i++) {
			Entry entry = plan.entries().get(i);
			out.write(centralHeader(entry.name(), crcs[i], entry.size(), entry.offset()));
		}
		out.write(end(tensors.size(), plan.directoryOffset(), plan.directorySize()));
	}

	/** Lays out the archive: each entry's offset, the directory's offset and size, and the total length. */
	static Plan plan(List<TensorSpec> tensors) {
		List<Entry> entries = new ArrayList<>(tensors.size());
		long offset = 0;
		for (TensorSpec spec : tensors) {
			byte[] name = entryName(spec.name()).getBytes(StandardCharsets.UTF_8);
			long size = Math.addExact(NpyEncoder.header(spec).length, spec.valueBytes());
			entries.add(new Entry(name, size, offset));
			offset = Math.addExact(offset, localHeaderLength(name) + size + dataDescriptorLength(size));
		}
		long directorySize = 0;
		for (Entry entry : entries) {
			directorySize += centralHeaderLength(entry.name(), entry.size(), entry.offset());
		}
		long length = offset + directorySize + endLength(entries.size(), offset, directorySize);
		return new Plan(entries, offset, directorySize, length);
	}

	static int localHeaderLength(byte[] name) {
		return 30 + name.length;
	}

	static int dataDescriptorLength(long size) {
		return (size >= MAX_32) ? 24 : 16;
	}

	static int centralHeaderLength(byte[] name, long size, long offset) {
		int extra = zip64ExtraLength(size, offset);
		return 46 + name.length + ((extra > 0) ? 4 + extra : 0);
	}

	static int endLength(int count, long directoryOffset, long directorySize) {
		return (needsZip64End(count, directoryOffset, directorySize) ? ZIP64_END_LENGTH : 0) + END_LENGTH;
	}

	/** The data length of the ZIP64 extra field of a central header: 8 bytes per field that overflows. */
	private static int zip64ExtraLength(long size, long offset) {
		return ((size >= MAX_32) ? 16 : 0) + ((offset >= MAX_32) ? 8 : 0);
	}

	private static boolean needsZip64End(int count, long directoryOffset, long directorySize) {
		return count >= MAX_16 || directoryOffset >= MAX_32 || directorySize >= MAX_32;
	}

	/**
	 * Builds a local file header: bit 3 set, so CRC and sizes are zero here and follow in a data descriptor.
	 * @param name the entry name, UTF-8
	 * @param size the entry's size, for the version needed to extract
	 * @return the header
	 */
	static byte[] localHeader(byte[] name, long size) {
		ByteBuffer buffer = buffer(localHeaderLength(name));
		buffer.putInt(LOCAL_SIGNATURE);
		buffer.putShort((short) ((size >= MAX_32) ? VERSION_ZIP64 : VERSION));
		buffer.putShort((short) FLAGS);
		buffer.putShort((short) 0); // STORED
		buffer.putShort((short) 0); // time 00:00:00
		buffer.putShort((short) DOS_DATE);
		buffer.putInt(0); // CRC-32, in the descriptor
		buffer.putInt(0); // compressed size, in the descriptor
		buffer.putInt(0); // uncompressed size, in the descriptor
		buffer.putShort((short) name.length);
		buffer.putShort((short) 0);
		buffer.put(name);
		return buffer.array();
	}

	/**
	 * Builds a data descriptor, with 8-byte sizes for an entry of 4 GiB or more (APPNOTE 4.3.9.2).
	 * @param crc the entry's CRC-32
	 * @param size its size (stored: compressed and uncompressed sizes are equal)
	 * @return the descriptor
	 */
	static byte[] dataDescriptor(long crc, long size) {
		ByteBuffer buffer = buffer(dataDescriptorLength(size));
		buffer.putInt(DESCRIPTOR_SIGNATURE);
		buffer.putInt((int) crc);
		if (size >= MAX_32) {
			buffer.putLong(size);
			buffer.putLong(size);
		}
		else {
			buffer.putInt((int) size);
			buffer.putInt((int) size);
		}
		return buffer.array();
	}

	/**
	 * Builds a central directory header, with a ZIP64 extended-information extra field holding the sizes and the
	 * offset that do not fit in 32 bits (APPNOTE 4.5.3: only those, in the order uncompressed size, compressed
	 * size, offset; the 32-bit fields then hold 0xFFFFFFFF).
	 * @param name the entry name, UTF-8
	 * @param crc the entry's CRC-32
	 * @param size its size
	 * @param offset the offset of its local header
	 * @return the header
	 */
	static byte[] centralHeader(byte[] name, long crc, long size, long offset) {
		int extra = zip64ExtraLength(size, offset);
		boolean zip64 = extra > 0;
		ByteBuffer buffer = buffer(centralHeaderLength(name, size, offset));
		buffer.putInt(CENTRAL_SIGNATURE);
		buffer.putShort((short) (zip64 ? VERSION_ZIP64 : VERSION)); // made by: MS-DOS host
		buffer.putShort((short) (zip64 ? VERSION_ZIP64 : VERSION));
		buffer.putShort((short) FLAGS);
		buffer.putShort((short) 0);
		buffer.putShort((short) 0);
		buffer.putShort((short) DOS_DATE);
		buffer.putInt((int) crc);
		buffer.putInt((int) Math.min(size, MAX_32));
		buffer.putInt((int) Math.min(size, MAX_32));
		buffer.putShort((short) name.length);
		buffer.putShort((short) (zip64 ? 4 + extra : 0));
		buffer.putShort((short) 0); // comment
		buffer.putShort((short) 0); // disk
		buffer.putShort((short) 0); // internal attributes
		buffer.putInt(0); // external attributes
		buffer.putInt((int) Math.min(offset, MAX_32));
		buffer.put(name);
		if (zip64) {
			buffer.putShort((short) 0x0001);
			buffer.putShort((short) extra);
			if (size >= MAX_32) {
				buffer.putLong(size);
				buffer.putLong(size);
			}
			if (offset >= MAX_32) {
				buffer.putLong(offset);
			}
		}
		return buffer.array();
	}

	/**
	 * Builds the end of the archive: the ZIP64 end of central directory record and locator when a count, size or
	 * offset overflows the classic record, then the classic end record (with 0xFFFF/0xFFFFFFFF in the overflowing
	 * fields).
	 * @param count the number of entries
	 * @param directoryOffset where the central directory starts
	 * @param directorySize its length
	 * @return the end records
	 */
	static byte[] end(int count, long directoryOffset, long directorySize) {
		ByteBuffer buffer = buffer(endLength(count, directoryOffset, directorySize));
		if (needsZip64End(count, directoryOffset, directorySize)) {
			long zip64EndOffset = directoryOffset + directorySize;
			buffer.putInt(ZIP64_END_SIGNATURE);
			buffer.putLong(56 - 12); // size of the rest of the record
			buffer.putShort((short) VERSION_ZIP64);
			buffer.putShort((short) VERSION_ZIP64);
			buffer.putInt(0); // this disk
			buffer.putInt(0); // disk of the directory
			buffer.putLong(count);
			buffer.putLong(count);
			buffer.putLong(directorySize);
			buffer.putLong(directoryOffset);
			buffer.putInt(ZIP64_LOCATOR_SIGNATURE);
			buffer.putInt(0); // disk of the ZIP64 end record
			buffer.putLong(zip64EndOffset);
			buffer.putInt(1); // total disks
		}
		buffer.putInt(END_SIGNATURE);
		buffer.putShort((short) 0);
		buffer.putShort((short) 0);
		buffer.putShort((short) Math.min(count, MAX_16));
		buffer.putShort((short) Math.min(count, MAX_16));
		buffer.putInt((int) Math.min(directorySize, MAX_32));
		buffer.putInt((int) Math.min(directoryOffset, MAX_32));
		buffer.putShort((short) 0); // comment
		return buffer.array();
	}

	private static ByteBuffer buffer(int length) {
		return ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
	}

	/**
	 * An archive member's place.
	 *
	 * @param name the member name, UTF-8
	 * @param size its data length
	 * @param offset the offset of its local header
	 */
	record Entry(byte[] name, long size, long offset) {

	}

	/**
	 * The layout of an archive.
	 *
	 * @param entries the members, in order
	 * @param directoryOffset where the central directory starts
	 * @param directorySize its length
	 * @param length the archive's length
	 */
	record Plan(List<Entry> entries, long directoryOffset, long directorySize, long length) {

	}

	/** Passes bytes through while computing their CRC-32. */
	static final class CrcOutputStream extends OutputStream {

		private final OutputStream out;

		private final CRC32 crc = new CRC32();

		CrcOutputStream(OutputStream out) {
			this.out = out;
		}

		@Override
		public void write(int b) throws IOException {
			this.crc.update(b);
			this.out.write(b);
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			this.crc.update(b, off, len);
			this.out.write(b, off, len);
		}

		long crc() {
			return this.crc.getValue();
		}

	}

}
