package io.glorot;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering the code follows: the math ({@code random}, {@code init}) and the tensor model know nothing of
 * Spring; only {@code web} and {@code system} touch Spring MVC; and no feature package depends on the web layer.
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
	static final ArchRule featurePackagesAreFreeOfCycles = slices().matching("io.glorot.(*)..").should().beFreeOfCycles();

}
