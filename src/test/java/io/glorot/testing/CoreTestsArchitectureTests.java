package io.glorot.testing;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The rule the mutation run (docs/testing.md) relies on to leave integration tests out: the unit tests of the core
 * are the test classes in the core packages, and none of them starts Spring, a server or a process.
 */
@AnalyzeClasses(packages = { "io.glorot.random", "io.glorot.init", "io.glorot.tensor", "io.glorot.format",
		"io.glorot.generator" }, importOptions = ImportOption.OnlyIncludeTests.class)
class CoreTestsArchitectureTests {

	@ArchTest
	static final ArchRule coreTestsAreUnitTests = noClasses().should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework..", "jakarta.servlet..", "io.glorot.web..", "io.glorot.system..")
		.orShould()
		.dependOnClassesThat()
		.haveFullyQualifiedName(ProcessBuilder.class.getName())
		.as("the core's tests start no Spring context, server or process (they are what PIT runs)");

}
