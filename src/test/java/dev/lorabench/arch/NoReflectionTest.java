package dev.lorabench.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Main code reaches every class by a compiled reference (the tools in src/bench are not main code). */
@AnalyzeClasses(packages = "dev.lorabench", importOptions = ImportOption.DoNotIncludeTests.class)
class NoReflectionTest {

    private static final DescribedPredicate<JavaMethodCall> CLASS_FOR_NAME = DescribedPredicate.describe(
            "Class.forName", call -> call.getTargetOwner().isEquivalentTo(Class.class)
                    && call.getName().equals("forName"));

    @ArchTest
    static final ArchRule noClassForName =
            noClasses().should().callMethodWhere(CLASS_FOR_NAME)
                    .because("a class reached by name escapes the compiler, the layering rules and the"
                            + " packager's view of what ships; optional parts are found through"
                            + " java.util.ServiceLoader or live outside the product (src/bench)");
}
