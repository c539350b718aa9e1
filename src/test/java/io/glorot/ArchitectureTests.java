package io.glorot;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering the code follows: the math ({@code random}, {@code init}) and the tensor model know nothing of
 * Spring; only {@code web} and {@code system} touch Spring MVC; and no feature package depends on the web layer.
 * Inside {@code web}, the endpoints ({@code weights}, {@code batch}, {@code histogram}) do not import each other,
 * and the layers depend one way: {@code system} on top, then the endpoints, then what they share
 * ({@code request}, {@code serving}, {@code admission}), then {@code problem}, then the core packages.
 */
@AnalyzeClasses(packages = "io.glorot", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule mathIsFreeOfSpring = noClasses().that()
		.resideInAnyPackage("io.glorot.random..", "io.glorot.init..", "io.glorot.tensor..", "io.glorot.generator..",
				"io.glorot.format..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework..", "jakarta.servlet..");

	@ArchTest
	static final ArchRule randomDependsOnNothingOfOurs = noClasses().that()
		.resideInAPackage("io.glorot.random..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("io.glorot.init..", "io.glorot.tensor..", "io.glorot.generator..", "io.glorot.format..",
				"io.glorot.web..");

	@ArchTest
	static final ArchRule nothingDependsOnWeb = noClasses().that()
		.resideOutsideOfPackages("io.glorot.web..", "io.glorot.system..", "io.glorot")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("io.glorot.web..");

	@ArchTest
	static final ArchRule webEndpointsDoNotImportEachOther = slices().matching("io.glorot.web.(weights|batch|histogram)..")
		.should()
		.notDependOnEachOther();

	@ArchTest
	static final ArchRule webLayersDependOneWay = layeredArchitecture().consideringOnlyDependenciesInLayers()
		.layer("system").definedBy("io.glorot.system..")
		.layer("endpoints").definedBy("io.glorot.web.weights..", "io.glorot.web.batch..", "io.glorot.web.histogram..")
		.layer("shared").definedBy("io.glorot.web.request..", "io.glorot.web.serving..", "io.glorot.web.admission..")
		.layer("problem").definedBy("io.glorot.web.problem..")
		.layer("core").definedBy("io.glorot.random..", "io.glorot.init..", "io.glorot.tensor..", "io.glorot.generator..",
				"io.glorot.format..", "io.glorot.histogram..")
		.whereLayer("system").mayNotBeAccessedByAnyLayer()
		.whereLayer("endpoints").mayOnlyBeAccessedByLayers("system")
		.whereLayer("shared").mayOnlyBeAccessedByLayers("system", "endpoints")
		.whereLayer("problem").mayOnlyBeAccessedByLayers("system", "endpoints", "shared")
		.whereLayer("core").mayOnlyBeAccessedByLayers("system", "endpoints", "shared", "problem");

	@ArchTest
	static final ArchRule webSharedPartsDoNotImportEachOther = slices()
		.matching("io.glorot.web.(request|serving|admission)..")
		.should()
		.notDependOnEachOther();

	@ArchTest
	static final ArchRule featurePackagesAreFreeOfCycles = slices().matching("io.glorot.(*)..").should().beFreeOfCycles();

}
