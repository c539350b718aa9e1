package io.glorot.tensor;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
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

	private static List<List<Long>> runs(Region region, long from, long count) {
		List<List<Long>> runs = new ArrayList<>();
		region.forEachRun(from, count, (flat, length, offset) -> runs.add(List.of(flat, length, offset)));
		return runs;
	}

}
