package io.glorot.tensor;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.glorot.testing.RandomCases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RegionTests {

	@Test
	void forEachRunWhenWholeTensorShouldBeOneRun() {
		Region region = Region.all(Shape.of(3, 4, 5));
		assertThat(runs(region, 0, 60)).containsExactly(List.of(0L, 60L, 0L));
		assertThat(region.isAll()).isTrue();
	}

	@Test
	void forEachRunWhenRowsAreSlicedShouldBeOneRun() {
		Region region = Region.of(Shape.of(4, 5), new long[] { 1, 0 }, new long[] { 3, 5 });
		assertThat(runs(region, 0, 10)).containsExactly(List.of(5L, 10L, 0L));
	}

	@Test
	void forEachRunWhenColumnsAreSlicedShouldWalkEachRow() {
		Region region = Region.of(Shape.of(3, 5), new long[] { 0, 1 }, new long[] { 3, 3 });
		assertThat(runs(region, 1, 4)).containsExactly(List.of(2L, 1L, 0L), List.of(6L, 2L, 1L), List.of(11L, 1L, 3L));
		assertThat(region.shape()).isEqualTo(Shape.of(3, 2));
		assertThat(region.toSliceString()).isEqualTo("0:3,1:3");
	}

	@Test
	void ofWhenRangeIsEmptyOrOutsideShouldFail() {
		Shape shape = Shape.of(3, 5);
		assertThatIllegalArgumentException().isThrownBy(() -> Region.of(shape, new long[] { 1, 0 }, new long[] { 1, 5 }));
		assertThatIllegalArgumentException().isThrownBy(() -> Region.of(shape, new long[] { 0, 0 }, new long[] { 4, 5 }));
	}

	@Test
	void shapeOfShouldRejectOverflowAndNonPositiveSizes() {
		assertThatIllegalArgumentException().isThrownBy(() -> Shape.of(0, 3));
		assertThatIllegalArgumentException().isThrownBy(() -> Shape.of());
		assertThatIllegalArgumentException().isThrownBy(() -> Shape.of(1, 2, 3, 4, 5, 6, 7, 8, 9));
		org.assertj.core.api.Assertions.assertThatExceptionOfType(ArithmeticException.class)
			.isThrownBy(() -> Shape.of(1L << 32, 1L << 32));
	}

	@Test
	void ofWhenRangesDoNotMatchRankShouldFail() {
		Shape shape = Shape.of(3, 5);
		assertThatIllegalArgumentException().isThrownBy(() -> Region.of(shape, new long[] { 0 }, new long[] { 3, 5 }))
			.withMessage("a region needs one range per dimension");
		assertThatIllegalArgumentException().isThrownBy(() -> Region.of(shape, new long[] { 0, 0 }, new long[] { 3 }))
			.withMessage("a region needs one range per dimension");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Region.of(shape, new long[] { 0, 0, 0 }, new long[] { 3, 5, 1 }));
	}

	@Test
	void ofShouldAcceptExactlyTheNonEmptyRangesInsideEachDimension() {
		Shape shape = Shape.of(3, 5);
		assertThatIllegalArgumentException().isThrownBy(() -> Region.of(shape, new long[] { 0, -1 }, new long[] { 3, 5 }))
			.withMessage("range -1:5 of dimension 1 is not a non-empty part of 0:5");
		assertThatIllegalArgumentException().isThrownBy(() -> Region.of(shape, new long[] { 0, 0 }, new long[] { 3, 6 }))
			.withMessage("range 0:6 of dimension 1 is not a non-empty part of 0:5");
		assertThatIllegalArgumentException().isThrownBy(() -> Region.of(shape, new long[] { 0, 3 }, new long[] { 3, 2 }));
		Region whole = Region.of(shape, new long[] { 0, 0 }, new long[] { 3, 5 });
		assertThat(whole.isAll()).isTrue();
		assertThat(whole.elementCount()).isEqualTo(15);
		Region last = Region.of(shape, new long[] { 2, 4 }, new long[] { 3, 5 });
		assertThat(last.isAll()).isFalse();
		assertThat(runs(last, 0, 1)).containsExactly(List.of(14L, 1L, 0L));
	}

	@Test
	void ofShouldCopyTheRangesItIsGiven() {
		long[] start = { 1, 0 };
		long[] stop = { 3, 5 };
		Region region = Region.of(Shape.of(3, 5), start, stop);
		start[0] = 0;
		stop[0] = 1;
		assertThat(region.toSliceString()).isEqualTo("1:3,0:5");
		assertThat(runs(region, 0, 10)).containsExactly(List.of(5L, 10L, 0L));
	}

	@Test
	void forEachRunWhenElementsOutsideRegionShouldFail() {
		Region region = Region.of(Shape.of(3, 5), new long[] { 0, 1 }, new long[] { 3, 3 });
		assertThatExceptionOfType(IndexOutOfBoundsException.class).isThrownBy(() -> runs(region, -1, 2))
			.withMessage("elements -1 + 2 of 6");
		assertThatExceptionOfType(IndexOutOfBoundsException.class).isThrownBy(() -> runs(region, 1, -1));
		assertThatExceptionOfType(IndexOutOfBoundsException.class).isThrownBy(() -> runs(region, 2, 5));
		assertThat(runs(region, 2, 4)).containsExactly(List.of(6L, 2L, 0L), List.of(11L, 2L, 2L));
		assertThat(runs(region, 6, 0)).isEmpty();
	}

	/** Every run, joined in order, lists the region's elements' flat indices in C order, for any region and range. */
	@Test
	void forEachRunShouldListRegionElementsInCOrder() {
		RandomCases.check(1000, (draw) -> {
			long[] dims = draw.longsBetween(draw.intBetween(1, 4), 1, 6);
			long[] start = new long[dims.length];
			long[] stop = new long[dims.length];
			for (int d = 0; d < dims.length; d++) {
				start[d] = draw.longBetween(0, dims[d] - 1);
				stop[d] = draw.longBetween(start[d] + 1, dims[d]);
			}
			Region region = Region.of(Shape.of(dims), start, stop);
			List<Long> expected = flatIndices(dims, start, stop);
			assertThat(region.elementCount()).isEqualTo(expected.size());
			long from = draw.longBetween(0, expected.size());
			long count = draw.longBetween(0, expected.size() - from);
			List<Long> listed = new ArrayList<>();
			region.forEachRun(from, count, (flat, length, offset) -> {
				assertThat(length).isPositive();
				assertThat(offset).isEqualTo(listed.size());
				for (long k = 0; k < length; k++) {
					listed.add(flat + k);
				}
			});
			assertThat(listed).isEqualTo(expected.subList((int) from, (int) (from + count)));
		});
	}

	/** The flat indices of a region's elements, by walking its index space in C order. */
	private static List<Long> flatIndices(long[] dims, long[] start, long[] stop) {
		List<Long> flats = new ArrayList<>();
		long[] index = start.clone();
		while (true) {
			long flat = 0;
			for (int d = 0; d < dims.length; d++) {
				flat = flat * dims[d] + index[d];
			}
			flats.add(flat);
			int d = dims.length - 1;
			while (d >= 0 && ++index[d] == stop[d]) {
				index[d] = start[d];
				d--;
			}
			if (d < 0) {
				return flats;
			}
		}
	}

	private static List<List<Long>> runs(Region region, long from, long count) {
		List<List<Long>> runs = new ArrayList<>();
		region.forEachRun(from, count, (flat, length, offset) -> runs.add(List.of(flat, length, offset)));
		return runs;
	}

}
