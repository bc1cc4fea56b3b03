using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Build.Evaluation;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace RustLambda.Sdk.EvaluationTests
{
    /// <summary>The SDK's defaults and overrides, read by evaluating a project that imports Sdk.props and Sdk.targets from the source tree.</summary>
    [TestClass]
    public class SdkEvaluationTests
    {
        private static readonly string SdkFolder = Path.Combine(FindRepoRoot(), "sdk", "RustLambda.Sdk", "Sdk");

        private static string FindRepoRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "RustLambda.Sdk.sln")))
                {
                    return dir.FullName;
                }
            }
            throw new InvalidOperationException("repository root not found");
        }

        private static Project Evaluate(string folder, string body = "", IDictionary<string, string>? globalProperties = null)
        {
            string path = Path.Combine(folder, "Functions.csproj");
            File.WriteAllText(path, $@"<Project>
  <Import Project=""{SdkFolder}/Sdk.props"" />
  {body}
  <Import Project=""{SdkFolder}/Sdk.targets"" />
</Project>");
            var collection = new ProjectCollection(globalProperties ?? new Dictionary<string, string>());
            return collection.LoadProject(path);
        }

        private static string NewFolder()
        {
            string folder = Path.Combine(Path.GetTempPath(), "rl-eval", Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(folder);
            return folder;
        }

        [TestMethod]
        [DataRow("SamTemplate", "")]
        [DataRow("SamParameterOverrides", "")]
        [DataRow("SamFunctions", "")]
        [DataRow("SamBetaFeatures", "")]
        [DataRow("SamConfigFile", "")]
        [DataRow("SamConfigEnv", "default")]
        [DataRow("SamBuildOutput", "true")]
        [DataRow("SamBuildDir", "")]
        [DataRow("RustLambdaInvokeFunction", "")]
        [DataRow("RustLambdaInvokeEvent", "")]
        [DataRow("RustLambdaBuilder", "auto")]
        [DataRow("RustLambdaProfile", "")]
        [DataRow("RustLambdaCargoPath", "")]
        [DataRow("RustLambdaCargoLambdaPath", "")]
        [DataRow("RustLambdaOutputDir", "")]
        [DataRow("RustLambdaBuildEnabled", "true")]
        [DataRow("RustLambdaSkipArtifactChecks", "false")]
        [DataRow("RustLambdaCopyToReferencingProjects", "false")]
        [DataRow("RustLambdaPublishSamFolder", "sam")]
        [DataRow("TargetFramework", "netstandard2.0")]
        [DataRow("AppendTargetFrameworkToOutputPath", "false")]
        [DataRow("EnableDefaultCompileItems", "false")]
        [DataRow("UsingRustLambdaSdk", "true")]
        public void Defaults(string property, string expected)
        {
            var project = Evaluate(NewFolder());
            Assert.AreEqual(expected, project.GetPropertyValue(property), property);
        }

        [TestMethod]
        [DataRow("SamConfigEnv", "prod")]
        [DataRow("RustLambdaBuilder", "cargo")]
        [DataRow("SamBuildOutput", "false")]
        [DataRow("RustLambdaPublishSamFolder", "deploy")]
        [DataRow("TargetFramework", "net10.0")]
        public void Project_and_command_line_values_override_the_defaults(string property, string value)
        {
            Assert.AreEqual(value, Evaluate(NewFolder(), $"<PropertyGroup><{property}>{value}</{property}></PropertyGroup>").GetPropertyValue(property), "set in the project");
            Assert.AreEqual(value, Evaluate(NewFolder(), globalProperties: new Dictionary<string, string> { [property] = value }).GetPropertyValue(property), "set with -p");
        }

        [TestMethod]
        public void The_task_assembly_matches_the_running_MSBuild()
        {
            string assembly = Evaluate(NewFolder()).GetPropertyValue("RustLambdaTasksAssembly");
            StringAssert.EndsWith(assembly.Replace('\\', '/'), "/tasks/net8.0/RustLambda.Build.Tasks.dll");
        }

        [TestMethod]
        public void Outputs_go_to_OutDir_without_a_framework_folder()
        {
            var project = Evaluate(NewFolder(), globalProperties: new Dictionary<string, string> { ["Configuration"] = "Release" });
            StringAssert.EndsWith(project.GetPropertyValue("_RustLambdaOutputDir").Replace('\\', '/'), "/bin/Release/");
            StringAssert.EndsWith(project.GetPropertyValue("_RustLambdaIntermediateDir").Replace('\\', '/'), "/obj/Release/rustlambda/");
        }

        [TestMethod]
        public void Cargo_target_and_SAM_build_folders_never_become_items()
        {
            string folder = NewFolder();
            Directory.CreateDirectory(Path.Combine(folder, "target", "release", "deps"));
            File.WriteAllText(Path.Combine(folder, "target", "release", "deps", "huge.rlib"), "");
            Directory.CreateDirectory(Path.Combine(folder, ".aws-sam", "build"));
            File.WriteAllText(Path.Combine(folder, ".aws-sam", "build", "template.yaml"), "");
            Directory.CreateDirectory(Path.Combine(folder, "src"));
            File.WriteAllText(Path.Combine(folder, "src", "main.rs"), "fn main() {}");
            var items = Evaluate(folder).AllEvaluatedItems.Select(i => i.EvaluatedInclude.Replace('\\', '/')).ToList();
            CollectionAssert.Contains(items, "src/main.rs", "sources show in Solution Explorer");
            Assert.IsFalse(items.Any(i => i.StartsWith("target/", StringComparison.Ordinal) || i.StartsWith(".aws-sam/", StringComparison.Ordinal)), string.Join(", ", items));
        }

        [TestMethod]
        public void RustLambdaBuild_runs_the_SDKs_targets_then_those_the_project_adds_to_RustLambdaBuildDependsOn()
        {
            var project = Evaluate(NewFolder(), "<PropertyGroup><RustLambdaBuildDependsOn>SignZips</RustLambdaBuildDependsOn></PropertyGroup>");
            Assert.AreEqual("$(RustLambdaBuildDependsOn)", project.Targets["RustLambdaBuild"].DependsOnTargets);
            var steps = project.GetPropertyValue("RustLambdaBuildDependsOn").Split(';').Select(s => s.Trim()).Where(s => s.Length > 0).ToArray();
            CollectionAssert.AreEqual(new[] { "_RustLambdaResolve", "_RustLambdaCompile", "_RustLambdaWriteServerManifest", "_RustLambdaRecordFileWrites", "SignZips" }, steps);
        }

        [TestMethod]
        public void Evaluation_has_no_side_effects()
        {
            string folder = NewFolder();
            Evaluate(folder);
            CollectionAssert.AreEquivalent(new[] { "Functions.csproj" }, Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).ToArray());
        }
    }
}
