package io.glorot.web.cache;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A bounded on-disk store of whole answers, content-addressed by their strong entity tag (an answer with an explicit
 * seed is immutable: the same tag always means the same bytes). Pure file handling, free of HTTP.
 * <p>
 * An answer is written while it streams to its first client ({@link #writeThrough}): into a private temporary file,
 * with its length and CRC-32C computed on the way, and moved to its final name only once every byte was written.
 * While one request fills an entry, concurrent requests for the same tag are misses and stream as usual, so a file
 * is never read before it is complete. Least recently used entries are evicted to keep the total within the
 * budget; an evicted file is deleted after a grace period, since a connector may be about to open it.
 * <p>
 * The store trusts no file blindly: every hit checks the file's size and modification time against those recorded
 * at completion, and a file adopted from an earlier run (or whose size or time changed) has its CRC-32C checked in
 * full before it is served. A file that fails is deleted and counted; the answer is made afresh (and cached again).
 */
public final class RepeatCache implements AutoCloseable {

	private static final Log log = LogFactory.getLog(RepeatCache.class);

	private static final Pattern KEY = Pattern.compile("[0-9a-f]{16,64}");

	private static final String DATA = ".bin";

	private static final String META = ".meta";

	private static final String PART = ".part";

	private final Path directory;

	private final long maxBytes;

	private final long minAnswerBytes;

	private final long deleteGraceMillis;

	private final RepeatCacheMetrics metrics;

	/** Complete entries, least recently used first. Guarded by {@code this}. */
	private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

	/** Tags being written now. */
	private final Set<String> filling = ConcurrentHashMap.newKeySet();

	/** Bytes of complete entries plus those reserved by fills in progress. Guarded by {@code this}. */
	private long usedBytes;

	private final ScheduledExecutorService deleter = Executors.newSingleThreadScheduledExecutor(
			Thread.ofPlatform().name("glorot-cache-delete").daemon(true).factory());

	/**
	 * Opens a store, adopting the complete entries a previous run left in {@code directory} (they are verified
	 * before their first use) and deleting anything else there.
	 * @param directory the store's directory, created if missing
	 * @param maxBytes the budget
	 * @param minAnswerBytes smaller answers are not stored
	 * @param deleteGraceMillis how long an evicted or discarded file stays on disk before it is deleted
	 * @param metrics where hits, misses, bytes and evictions are counted
	 */
	public RepeatCache(Path directory, long maxBytes, long minAnswerBytes, long deleteGraceMillis,
			RepeatCacheMetrics metrics) {
		this.directory = directory.toAbsolutePath().normalize();
		this.maxBytes = maxBytes;
		this.minAnswerBytes = minAnswerBytes;
		this.deleteGraceMillis = deleteGraceMillis;
		this.metrics = metrics;
		try {
			Files.createDirectories(this.directory);
			adopt();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot use " + this.directory + " for the repeat cache", ex);
		}
		metrics.bindSize(this::sizeBytes, this::entryCount);
	}

	/**
	 * Looks an answer up. A hit is a complete file whose size and time are those recorded, and whose checksum was
	 * verified since it last changed; anything else is a miss (a bad file is discarded on the way).
	 * @param tag the answer's strong entity tag, quotes included
	 * @param length the answer's length, as the request's parameters determine it
	 * @return the file holding the answer's bytes, if there is a good one
	 */
	public Optional<Path> lookup(String tag, long length) {
		String key = key(tag);
		if (key == null || !cacheable(length)) {
			return Optional.empty();
		}
		Entry entry;
		synchronized (this) {
			entry = this.entries.get(key);
		}
		if (entry == null || entry.length != length || !intact(key, entry)) {
			this.metrics.miss();
			return Optional.empty();
		}
		this.metrics.hit();
		return Optional.of(entry.path);
	}

	/**
	 * Counts bytes sent from the store.
	 * @param bytes bytes handed to the connector
	 */
	public void served(long bytes) {
		this.metrics.servedBytes(bytes);
	}

	/**
	 * Writes an answer to its client and, when nobody else is storing the same tag and the budget allows, to the
	 * store as well. The entry is kept only if {@code answer} completes; a failing disk ends the storing, never the
	 * answer.
	 * @param tag the answer's strong entity tag
	 * @param length the answer's full length
	 * @param client where the answer goes
	 * @param answer writes the whole answer to the stream it is given
	 * @throws IOException if writing to the client fails
	 */
	public void writeThrough(String tag, long length, OutputStream client, Answer answer) throws IOException {
		String key = key(tag);
		if (key == null || !cacheable(length) || !this.filling.add(key)) {
			answer.writeTo(client);
			return;
		}
		Fill fill = null;
		try {
			fill = start(key, length);
			if (fill == null) {
				answer.writeTo(client);
				return;
			}
			answer.writeTo(new TeeOutputStream(client, fill));
			fill.complete();
		}
		finally {
			if (fill != null) {
				fill.abandonIfIncomplete();
			}
			this.filling.remove(key);
		}
	}

	/** Writes a whole answer. */
	@FunctionalInterface
	public interface Answer {

		/**
		 * Writes the answer.
		 * @param out where it goes
		 * @throws IOException if writing fails
		 */
		void writeTo(OutputStream out) throws IOException;

	}

	private boolean cacheable(long length) {
		return length >= this.minAnswerBytes && length <= this.maxBytes;
	}

	private static String key(String tag) {
		if (tag == null || tag.length() < 2 || !tag.startsWith("\"") || !tag.endsWith("\"")) {
			return null;
		}
		String key = tag.substring(1, tag.length() - 1);
		return KEY.matcher(key).matches() ? key : null;
	}

	private Fill start(String key, long length) {
		synchronized (this) {
			if (this.entries.containsKey(key)) {
				return null;
			}
			makeRoom(length);
			if (this.usedBytes + length > this.maxBytes) {
				return null;
			}
			this.usedBytes += length;
		}
		Path part = this.directory.resolve(key + "." + Thread.currentThread().threadId() + PART);
		try {
			return new Fill(key, length, part, FileChannel.open(part, StandardOpenOption.CREATE,
					StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE));
		}
		catch (IOException ex) {
			log.warn("Repeat cache: cannot create " + part + ": " + ex);
			release(length);
			return null;
		}
	}

	/** Evicts least recently used entries until {@code length} more bytes fit, or nothing is left to evict. */
	private void makeRoom(long length) {
		Iterator<Map.Entry<String, Entry>> oldest = this.entries.entrySet().iterator();
		while (this.usedBytes + length > this.maxBytes && oldest.hasNext()) {
			Map.Entry<String, Entry> victim = oldest.next();
			oldest.remove();
			this.usedBytes -= victim.getValue().length;
			deleteLater(victim.getKey());
			this.metrics.evicted();
		}
	}

	private synchronized void release(long length) {
		this.usedBytes -= length;
	}

	private synchronized void discard(String key, Entry entry) {
		if (this.entries.remove(key, entry)) {
			this.usedBytes -= entry.length;
			deleteLater(key);
		}
	}

	private void deleteLater(String key) {
		Runnable delete = () -> {
			synchronized (this) {
				if (this.entries.containsKey(key) || this.filling.contains(key)) {
					return;
				}
			}
			deleteQuietly(data(key));
			deleteQuietly(meta(key));
		};
		if (this.deleteGraceMillis <= 0) {
			delete.run();
		}
		else {
			this.deleter.schedule(delete, this.deleteGraceMillis, TimeUnit.MILLISECONDS);
		}
	}

	/** Whether an entry's file is still what was stored, verifying its checksum when that is not known. */
	private boolean intact(String key, Entry entry) {
		try {
			long size = Files.size(entry.path);
			FileTime modified = Files.getLastModifiedTime(entry.path);
			if (size == entry.length && entry.verified && modified.equals(entry.modified)) {
				return true;
			}
			if (size == entry.length && crc(entry.path) == entry.crc) {
				entry.modified = modified;
				entry.verified = true;
				return true;
			}
		}
		catch (IOException ex) {
			// missing or unreadable: discarded below
		}
		log.warn("Repeat cache: " + entry.path + " is not the answer stored (truncated, changed or missing);"
				+ " discarding it, the answer is made afresh");
		this.metrics.corrupt();
		discard(key, entry);
		return false;
	}

	static long crc(Path path) throws IOException {
		CRC32C crc = new CRC32C();
		ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
		try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
			while (channel.read(buffer.clear()) >= 0) {
				crc.update(buffer.flip());
			}
		}
		return crc.getValue();
	}

	private Path data(String key) {
		return this.directory.resolve(key + DATA);
	}

	private Path meta(String key) {
		return this.directory.resolve(key + META);
	}

	/** Takes over the complete entries of an earlier run, unverified; deletes partial and stray files. */
	private void adopt() throws IOException {
		List<Path> files = new ArrayList<>();
		try (DirectoryStream<Path> listing = Files.newDirectoryStream(this.directory)) {
			listing.forEach(files::add);
		}
		for (Path file : files) {
			String name = file.getFileName().toString();
			String key = name.endsWith(DATA) ? name.substring(0, name.length() - DATA.length()) : null;
			Entry entry = (key != null && KEY.matcher(key).matches()) ? readMeta(key) : null;
			if (entry != null && entry.length <= this.maxBytes - this.usedBytes) {
				this.entries.put(key, entry);
				this.usedBytes += entry.length;
			}
			else if (!name.endsWith(META)) {
				deleteQuietly(file);
				if (key != null) {
					deleteQuietly(meta(key));
				}
			}
		}
		for (Path file : files) {
			String name = file.getFileName().toString();
			if (name.endsWith(META) && !this.entries.containsKey(name.substring(0, name.length() - META.length()))) {
				deleteQuietly(file);
			}
		}
		if (!this.entries.isEmpty()) {
			log.info("Repeat cache: adopted " + this.entries.size() + " answers (" + this.usedBytes + " bytes) from "
					+ this.directory + "; each is verified before its first use");
		}
	}

	private Entry readMeta(String key) {
		try {
			String[] fields = Files.readString(meta(key)).strip().split(" ");
			Entry entry = new Entry(data(key), Long.parseLong(fields[0]), Long.parseLong(fields[1], 16));
			entry.modified = Files.getLastModifiedTime(entry.path);
			entry.verified = false;
			return entry;
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			log.debug("Repeat cache: cannot delete " + file + ": " + ex);
		}
	}

	synchronized long sizeBytes() {
		long size = 0;
		for (Entry entry : this.entries.values()) {
			size += entry.length;
		}
		return size;
	}

	synchronized int entryCount() {
		return this.entries.size();
	}

	/**
	 * Deletes files awaiting deletion now and stops the deleting thread.
	 */
	@Override
	public void close() {
		for (Runnable pending : this.deleter.shutdownNow()) {
			pending.run();
		}
	}

	/** A complete entry. */
	private static final class Entry {

		final Path path;

		final long length;

		final long crc;

		volatile FileTime modified;

		/** Whether the checksum was verified since the file last changed. */
		volatile boolean verified;

		Entry(Path path, long length, long crc) {
			this.path = path;
			this.length = length;
			this.crc = crc;
		}

	}

	/** An answer being stored. Not thread-safe: used by the one thread writing the answer. */
	final class Fill {

		private final String key;

		private final long length;

		private final Path part;

		private FileChannel channel;

		private final CRC32C crc = new CRC32C();

		private long written;

		private boolean done;

		Fill(String key, long length, Path part, FileChannel channel) {
			this.key = key;
			this.length = length;
			this.part = part;
			this.channel = channel;
		}

		/** Stores bytes; a disk error stops the storing and is logged, never thrown. */
		void write(byte[] bytes, int offset, int count) {
			if (this.channel == null) {
				return;
			}
			try {
				ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, count);
				while (buffer.hasRemaining()) {
					this.channel.write(buffer);
				}
				this.crc.update(bytes, offset, count);
				this.written += count;
			}
			catch (IOException ex) {
				log.warn("Repeat cache: writing " + this.part + " failed, the answer is not stored: " + ex);
				closeQuietly();
			}
		}

		void complete() {
			if (this.channel == null || this.written != this.length) {
				return;
			}
			try {
				this.channel.close();
				this.channel = null;
				Path data = data(this.key);
				Files.writeString(meta(this.key), this.length + " " + Long.toHexString(this.crc.getValue()) + "\n");
				Files.move(this.part, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
				Entry entry = new Entry(data, this.length, this.crc.getValue());
				entry.modified = Files.getLastModifiedTime(data);
				entry.verified = true;
				synchronized (RepeatCache.this) {
					RepeatCache.this.entries.put(this.key, entry);
				}
				this.done = true;
				RepeatCache.this.metrics.stored(this.length);
			}
			catch (IOException ex) {
				log.warn("Repeat cache: storing " + this.part + " failed: " + ex);
			}
		}

		void abandonIfIncomplete() {
			if (this.done) {
				return;
			}
			closeQuietly();
			deleteQuietly(this.part);
			release(this.length);
		}

		private void closeQuietly() {
			if (this.channel != null) {
				try {
					this.channel.close();
				}
				catch (IOException ex) {
					log.debug("Repeat cache: closing " + this.part + ": " + ex);
				}
				this.channel = null;
			}
		}

	}

	/** Copies everything written to the client into the store as well. */
	private static final class TeeOutputStream extends OutputStream {

		private final OutputStream client;

		private final Fill fill;

		TeeOutputStream(OutputStream client, Fill fill) {
			this.client = client;
			this.fill = fill;
		}

		@Override
		public void write(int b) throws IOException {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(byte[] bytes, int offset, int count) throws IOException {
			this.client.write(bytes, offset, count);
			this.fill.write(bytes, offset, count);
		}

		@Override
		public void flush() throws IOException {
			this.client.flush();
		}

		@Override
		public void close() throws IOException {
			this.client.close();
		}

	}

}
