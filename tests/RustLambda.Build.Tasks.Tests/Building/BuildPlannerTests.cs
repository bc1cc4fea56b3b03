using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Build.Building;

namespace RustLambda.Build.Tests.Building
{
    [TestClass]
    public class BuildPlannerTests
    {
        private static readonly string Root = Path.GetFullPath(Path.Combine(Path.GetTempPath(), "crate"));

        private static FunctionBuildRequest Fn(string id, string binary, string runtime = "provided.al2023", string arch = "x86_64", string? root = null, bool workspace = false) =>
            new FunctionBuildRequest { LogicalId = id, Binary = binary, Runtime = runtime, Architecture = arch, BuildRoot = root ?? Root, IsWorkspace = workspace, Handler = "bootstrap" };

        private static BuildSettings Settings(string configuration = "Release", BuilderKind builder = BuilderKind.CargoLambda, string? profile = null) =>
            new BuildSettings { Configuration = configuration, Builder = builder, Profile = profile, IntermediateDirectory = "/obj/rl", OutputDirectory = "/bin/out" };

        /// <summary>The SAM part of the command line: what aws-lambda-builders passes, before our own --lambda-dir and --message-format.</summary>
        private static string SamPart(CargoInvocation invocation)
        {
            var args = invocation.Arguments.ToList();
            int ours = args.IndexOf("--lambda-dir");
            return "cargo " + string.Join(" ", ours < 0 ? args.Take(args.Count - 1) : args.Take(ours));
        }

        // Rows B1–B10 of the spec's section 6, with our rule that the architecture is always explicit for al2023/provided.
        [TestMethod]
        [DataRow("B1", "provided.al2", "x86_64", "Release", null, "cargo lambda build --release --target x86_64-unknown-linux-gnu.2.26")]
        [DataRow("B2", "provided.al2", "arm64", "Release", null, "cargo lambda build --release --target aarch64-unknown-linux-gnu.2.26")]
        [DataRow("B3", "provided.al2023", "x86_64", "Release", null, "cargo lambda build --release --x86-64")]
        [DataRow("B4", "provided", "x86_64", "Release", null, "cargo lambda build --release --x86-64")]
        [DataRow("B5", "provided.al2023", "x86_64", "Release", null, "cargo lambda build --release --x86-64")]
        [DataRow("B6", "provided.al2023", "arm64", "Release", null, "cargo lambda build --release --arm64")]
        [DataRow("B7", "provided.al2023", "x86_64", "Debug", null, "cargo lambda build --x86-64")]
        [DataRow("B8", "provided.al2023", "arm64", "Debug", null, "cargo lambda build --arm64")]
        [DataRow("B10", "provided.al2023", "arm64", "Debug", "foo", "cargo lambda build --arm64 --bin foo")]
        [DataRow("S4", "provided.al2", "x86_64", "Release", "my_handler", "cargo lambda build --release --target x86_64-unknown-linux-gnu.2.26 --bin my_handler")]
        [DataRow("S5", "provided.al2", "x86_64", "Debug", "my_handler", "cargo lambda build --target x86_64-unknown-linux-gnu.2.26 --bin my_handler")]
        [DataRow("S6r", "provided.al2023", "x86_64", "Release", "my_handler", "cargo lambda build --release --x86-64 --bin my_handler")]
        [DataRow("S6d", "provided.al2023", "x86_64", "Debug", "my_handler", "cargo lambda build --x86-64 --bin my_handler")]
        [DataRow("S7", "provided.al2", "x86_64", "Release", "function_a", "cargo lambda build --release --target x86_64-unknown-linux-gnu.2.26 --bin function_a")]
        [DataRow("S8", "provided.al2", "arm64", "Release", "function_b", "cargo lambda build --release --target aarch64-unknown-linux-gnu.2.26 --bin function_b")]
        [DataRow("S9", "provided.al2023", "arm64", "Debug", "my_handler", "cargo lambda build --arm64 --bin my_handler")]
        public void Command_lines_follow_SAM(string row, string runtime, string arch, string configuration, string? binary, string expected)
        {
            // SAM passes no --bin without a Binary; we always know the binary, so rows without one use the crate's only binary.
            var plan = BuildPlanner.Plan(new[] { Fn("F", binary ?? "only", runtime, arch) }, Settings(configuration));
            string actual = SamPart(plan.Invocations.Single());
            Assert.AreEqual(binary == null ? expected + " --bin only" : expected, actual, row);
        }

        [TestMethod]
        public void S10_a_workspace_member_builds_from_the_workspace_root_with_workspace()
        {
            var plan = BuildPlanner.Plan(new[] { Fn("FunctionB", "function_b", root: "/ws", workspace: true) }, Settings());
            var invocation = plan.Invocations.Single();
            Assert.AreEqual("cargo lambda build --release --x86-64 --workspace --bin function_b", SamPart(invocation));
            Assert.AreEqual(Path.GetFullPath("/ws"), invocation.WorkingDirectory);
        }

        [TestMethod]
        public void Each_invocation_owns_a_lambda_dir_and_asks_for_json_messages()
        {
            var invocation = BuildPlanner.Plan(new[] { Fn("F", "f") }, Settings()).Invocations.Single();
            var args = invocation.Arguments.ToList();
            Assert.AreEqual(invocation.LambdaDirectory, args[args.IndexOf("--lambda-dir") + 1]);
            StringAssert.StartsWith(invocation.LambdaDirectory, Path.Combine("/obj/rl", invocation.Id));
            Assert.AreEqual("--message-format=json", args.Last());
        }

        [TestMethod]
        public void Functions_of_one_crate_architecture_glibc_and_profile_share_one_invocation()
        {
            var plan = BuildPlanner.Plan(new[]
            {
                Fn("A", "function_a"), Fn("B", "function_b"), Fn("B2", "function_b"),
                Fn("Provided", "function_a", runtime: "provided"),
                Fn("Arm", "function_a", arch: "arm64"),
                Fn("Al2", "function_a", runtime: "provided.al2"),
                Fn("Elsewhere", "x", root: "/other"),
            }, Settings());
            Assert.AreEqual(4, plan.Invocations.Count);
            var shared = plan.Invocations.Single(i => i.Binaries.Count == 2);
            CollectionAssert.AreEqual(new[] { "function_a", "function_b" }, shared.Binaries.ToArray());
            Assert.AreEqual("cargo lambda build --release --x86-64 --bin function_a --bin function_b", SamPart(shared));
            CollectionAssert.AreEquivalent(new[] { "A", "B", "B2", "Provided" }, plan.Functions.Where(f => f.InvocationId == shared.Id).Select(f => f.Request.LogicalId).ToArray());
            Assert.AreEqual(plan.Invocations.Count, plan.Invocations.Select(i => i.Id).Distinct().Count(), "ids are unique");
            Assert.AreEqual(Path.Combine("/bin/out", "B2", "bootstrap.zip"), plan.Functions.Single(f => f.Request.LogicalId == "B2").ZipPath);
        }

        [TestMethod]
        public void Plain_cargo_builds_for_the_host_without_target_flags()
        {
            var invocation = BuildPlanner.Plan(new[] { Fn("A", "a"), Fn("B", "b") }, Settings(builder: BuilderKind.Cargo)).Invocations.Single();
            CollectionAssert.AreEqual(new[] { "build", "--release", "--bin", "a", "--bin", "b", "--message-format=json" }, invocation.Arguments.ToArray());
            Assert.IsNull(invocation.LambdaDirectory);
        }

        [TestMethod]
        public void Plain_cargo_names_the_target_only_for_another_architecture_than_the_hosts()
        {
            var settings = Settings(builder: BuilderKind.Cargo);
            settings.HostArchitecture = "x86_64";
            var plan = BuildPlanner.Plan(new[] { Fn("A", "a"), Fn("B", "b", arch: "arm64") }, settings);
            var native = plan.Invocations.Single(i => i.Architecture == "x86_64");
            var cross = plan.Invocations.Single(i => i.Architecture == "arm64");
            Assert.IsFalse(native.CrossCompiles);
            CollectionAssert.AreEqual(new[] { "build", "--release", "--bin", "a", "--message-format=json" }, native.Arguments.ToArray());
            Assert.IsTrue(cross.CrossCompiles);
            CollectionAssert.AreEqual(new[] { "build", "--release", "--target", "aarch64-unknown-linux-gnu", "--bin", "b", "--message-format=json" }, cross.Arguments.ToArray());

            settings.HostArchitecture = "arm64";
            var reverse = BuildPlanner.Plan(new[] { Fn("A", "a") }, settings).Invocations.Single();
            CollectionAssert.Contains(reverse.Arguments.ToArray(), "x86_64-unknown-linux-gnu");
        }

        [TestMethod]
        [DataRow("Debug", null, "", "debug")]
        [DataRow("Release", null, "--release", "release")]
        [DataRow("Staging", null, "--release", "release")]
        [DataRow("Debug", "release", "--release", "release")]
        [DataRow("Release", "dev", "--profile dev", "debug")]
        [DataRow("Release", "lambda-small", "--profile lambda-small", "lambda-small")]
        public void Profiles_map_from_Configuration_or_RustLambdaProfile(string configuration, string? profile, string flags, string folder)
        {
            var settings = Settings(configuration, profile: profile);
            Assert.AreEqual(flags, string.Join(" ", BuildPlanner.ProfileArguments(settings)));
            Assert.AreEqual(folder, BuildPlanner.ProfileDirectory(settings));
        }
    }
}
