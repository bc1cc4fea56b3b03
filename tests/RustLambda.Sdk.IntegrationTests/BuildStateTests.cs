using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace RustLambda.Sdk.IntegrationTests
{
    /// <summary>
    /// Issue 13's defects, each as a real `dotnet build` reproduces it: nothing stale, nothing stuck, nothing of the user's
    /// destroyed. Every test here failed against the SDK before the fix (see docs/hardening.md for the figures).
    /// </summary>
    [TestClass]
    public class BuildStateTests
    {
        private const string Project = "SingleFunction.csproj";
        private const string Zip = "bin/Debug/HelloFunction/bootstrap.zip";
        private const string SamBootstrap = ".aws-sam/build/HelloFunction/bootstrap";

        private static int CargoBuilds(Sandbox sandbox) => sandbox.CargoStarts.Count(l => l.StartsWith("build"));

        private static byte[] ZippedBootstrap(string zip)
        {
            using var archive = ZipFile.OpenRead(zip);
            using var entry = archive.GetEntry("bootstrap")!.Open();
            using var bytes = new MemoryStream();
            entry.CopyTo(bytes);
            return bytes.ToArray();
        }

        private static IEnumerable<string> FilesUnder(string folder) =>
            Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories) : Enumerable.Empty<string>();

        // Defect 1
        [TestMethod]
        public void SamBuildDir_at_the_project_folder_is_refused_and_neither_build_nor_clean_touches_the_template()
        {
            using var sandbox = Sandbox.FromSample("SingleFunction", "state-dot");
            byte[] template = File.ReadAllBytes(sandbox.PathOf("template.yaml"));
            var build = sandbox.Build(Project, "-p:SamBuildDir=.");
            build.AssertFailedWith("RL0121");
            StringAssert.Contains(build.Output, sandbox.PathOf(Project) + " : error RL0121", "placed at the project, not at the SDK");
            CollectionAssert.AreEqual(template, File.ReadAllBytes(sandbox.PathOf("template.yaml")));
            Assert.AreEqual(0, sandbox.CargoStarts.Count);

            sandbox.Dotnet(new[] { "clean", Project, "-p:SamBuildDir=." });
            CollectionAssert.AreEqual(template, File.ReadAllBytes(sandbox.PathOf("template.yaml")), "clean deletes only what a build wrote");
            sandbox.Build(Project, "-p:RustLambdaOutputDir=src").AssertFailedWith("RL0121");
            sandbox.Build(Project, "-p:SamBuildDir=..").AssertFailedWith("RL0121");
        }

        // Defect 3
        [TestMethod]
        public void Environment_that_changes_cargos_output_is_part_of_the_up_to_date_key()
        {
            using var sandbox = Sandbox.FromSample("SingleFunction", "state-env");
            sandbox.Build(Project).AssertSucceeded();
            int builds = CargoBuilds(sandbox);
            long unstripped = ZippedBootstrap(sandbox.PathOf(Zip)).Length;

            var stripped = new Dictionary<string, string?> { ["RUSTFLAGS"] = "-C link-arg=-s" };
            sandbox.Dotnet(new[] { "build", Project }, stripped).AssertSucceeded();
            Assert.AreEqual(builds + 1, CargoBuilds(sandbox), "RUSTFLAGS changed: cargo runs");
            Assert.IsTrue(ZippedBootstrap(sandbox.PathOf(Zip)).Length < unstripped, "and the zip holds the stripped binary");

            sandbox.Dotnet(new[] { "build", Project }, stripped).AssertSucceeded();
            Assert.AreEqual(builds + 1, CargoBuilds(sandbox), "same environment: up to date");

            sandbox.Build(Project).AssertSucceeded();
            Assert.AreEqual(builds + 2, CargoBuilds(sandbox), "RUSTFLAGS removed: cargo runs again");
            Assert.AreEqual(unstripped, ZippedBootstrap(sandbox.PathOf(Zip)).Length);

            sandbox.Dotnet(new[] { "build", Project }, new Dictionary<string, string?> { ["CARGO_PROFILE_DEV_STRIP"] = "true" }).AssertSucceeded();
            Assert.AreEqual(builds + 3, CargoBuilds(sandbox), "CARGO_PROFILE_* likewise");
        }

        // Defect 4
        [TestMethod]
        public void The_SAM_layout_holds_the_last_builds_binary_across_configurations_and_a_deleted_bootstrap_comes_back()
        {
            using var sandbox = Sandbox.FromSample("SingleFunction", "state-config");
            sandbox.Build(Project).AssertSucceeded();
            sandbox.Build(Project, "-c", "Release").AssertSucceeded();
            CollectionAssert.AreEqual(ZippedBootstrap(sandbox.PathOf("bin/Release/HelloFunction/bootstrap.zip")), File.ReadAllBytes(sandbox.PathOf(SamBootstrap)));
            int builds = CargoBuilds(sandbox);

            sandbox.Build(Project).AssertSucceeded();
            Assert.AreEqual(builds, CargoBuilds(sandbox), "Debug is up to date: no cargo");
            CollectionAssert.AreEqual(ZippedBootstrap(sandbox.PathOf(Zip)), File.ReadAllBytes(sandbox.PathOf(SamBootstrap)), "but the layout holds Debug's binary again");

            File.Delete(sandbox.PathOf(SamBootstrap));
            sandbox.Build(Project).AssertSucceeded();
            Assert.AreEqual(builds, CargoBuilds(sandbox));
            CollectionAssert.AreEqual(ZippedBootstrap(sandbox.PathOf(Zip)), File.ReadAllBytes(sandbox.PathOf(SamBootstrap)), "a deleted bootstrap is noticed");
            Assert.AreEqual(UnixFileMode.UserExecute, File.GetUnixFileMode(sandbox.PathOf(SamBootstrap)) & UnixFileMode.UserExecute);
        }

        [TestMethod]
        public void The_SAM_bootstrap_is_a_hard_link_of_the_checked_binary()
        {
            using var sandbox = Sandbox.FromSample("SingleFunction", "state-link");
            sandbox.Build(Project).AssertSucceeded();
            var stat = Process.Start(new ProcessStartInfo("stat", new[] { "-c", "%h", sandbox.PathOf(SamBootstrap) }) { RedirectStandardOutput = true })!;
            string links = stat.StandardOutput.ReadToEnd().Trim();
            stat.WaitForExit();
            Assert.AreEqual("2", links, "the layout's bootstrap and the checked binary under obj/ are one file");
        }

        // Defect 5
        [TestMethod]
        public void A_truncated_zip_is_rewritten_by_the_next_build_with_or_without_a_source_change()
        {
            using var sandbox = Sandbox.FromSample("SingleFunction", "state-damage");
            sandbox.Build(Project).AssertSucceeded();
            byte[] good = File.ReadAllBytes(sandbox.PathOf(Zip));

            using (var zip = new FileStream(sandbox.PathOf(Zip), FileMode.Open)) zip.SetLength(1000);
            sandbox.Touch("src/main.rs");
            var build = sandbox.Build(Project);
            build.AssertSucceeded();
            CollectionAssert.AreEqual(good, File.ReadAllBytes(sandbox.PathOf(Zip)), "rewritten after a source touch:\n" + build.Output);

            using (var zip = new FileStream(sandbox.PathOf(Zip), FileMode.Open)) zip.SetLength(1000);
            sandbox.Build(Project).AssertSucceeded();
            CollectionAssert.AreEqual(good, File.ReadAllBytes(sandbox.PathOf(Zip)), "rewritten on an otherwise no-op build");
        }

        // Defect 6
        [TestMethod]
        public void Temps_a_killed_build_left_are_swept_and_none_is_ever_written_inside_a_CodeUri()
        {
            using var sandbox = Sandbox.FromSample("SingleFunction", "state-temps");
            sandbox.Build(Project).AssertSucceeded();
            // What kill -9 left behind: SDK 1.0's temp inside the CodeUri, and a temp of a dead process beside the zip.
            string legacy = sandbox.PathOf(".aws-sam/build/HelloFunction/.bootstrap.0badc0de.tmp");
            string dead = sandbox.PathOf("bin/Debug/HelloFunction/.bootstrap.zip.999999-0badc0de.rl.tmp");
            File.WriteAllBytes(legacy, new byte[4096]);
            File.SetLastWriteTimeUtc(legacy, DateTime.UtcNow.AddHours(-1));
            File.WriteAllBytes(dead, new byte[4096]);
            sandbox.Touch("src/main.rs");
            sandbox.Build(Project).AssertSucceeded();
            Assert.IsFalse(File.Exists(legacy), "swept from the CodeUri");
            Assert.IsFalse(File.Exists(dead), "swept from bin/");
            CollectionAssert.AreEqual(new[] { "bootstrap" }, FilesUnder(sandbox.PathOf(".aws-sam/build/HelloFunction")).Select(Path.GetFileName).ToArray());

            File.WriteAllBytes(dead, new byte[4096]);
            sandbox.Dotnet(new[] { "clean", Project }).AssertSucceeded();
            Assert.IsFalse(File.Exists(dead), "clean removes our temps too");
        }

        // Smaller things: renamed functions and RustLambdaOutputDir
        [TestMethod]
        public void A_renamed_function_leaves_nothing_behind_and_clean_removes_every_output_wherever_it_went()
        {
            using var sandbox = Sandbox.FromSample("SingleFunction", "state-rename");
            sandbox.Build(Project, "-p:RustLambdaOutputDir=out/").AssertSucceeded();
            Assert.IsTrue(File.Exists(sandbox.PathOf("out/HelloFunction/bootstrap.zip")));
            File.WriteAllText(sandbox.PathOf("template.yaml"), File.ReadAllText(sandbox.PathOf("template.yaml")).Replace("HelloFunction:", "GreetFunction:"));
            sandbox.Build(Project, "-p:RustLambdaOutputDir=out/").AssertSucceeded();
            Assert.IsTrue(File.Exists(sandbox.PathOf("out/GreetFunction/bootstrap.zip")));
            Assert.IsFalse(Directory.Exists(sandbox.PathOf("out/HelloFunction")), "the old zip and its folder are gone");
            Assert.IsFalse(Directory.Exists(sandbox.PathOf(".aws-sam/build/HelloFunction")), "and its SAM folder");

            File.WriteAllText(sandbox.PathOf("out/notes.txt"), "mine");
            sandbox.Dotnet(new[] { "clean", Project, "-p:RustLambdaOutputDir=out/" }).AssertSucceeded();
            Assert.IsFalse(File.Exists(sandbox.PathOf("out/GreetFunction/bootstrap.zip")), "clean removes zips in RustLambdaOutputDir");
            Assert.IsFalse(Directory.Exists(sandbox.PathOf("out/GreetFunction")), "and the empty folder");
            Assert.IsTrue(File.Exists(sandbox.PathOf("out/notes.txt")), "but nothing it did not write");
            Assert.IsFalse(Directory.Exists(sandbox.PathOf(".aws-sam")), "the SAM layout and the folders the build made are gone");
        }

        // Defect 7
        [TestMethod]
        public void An_unusable_lock_fails_at_once_and_a_held_lock_times_out_with_a_clear_error()
        {
            using var sandbox = Sandbox.FromSample("SingleFunction", "state-lock");
            string locks = sandbox.PathOf("locks");
            string lockFile = Path.Combine(locks, LockName(sandbox));
            // A folder where the lock file must be: not "held by another build" (the old code waited forever on any
            // IOException, and these tests run as root, so a read-only folder would not stop them).
            Directory.CreateDirectory(lockFile);
            var unusable = sandbox.Build(Project, "-p:RustLambdaLockDirectory=" + locks);
            unusable.AssertFailedWith("RL0122");
            Assert.AreEqual(0, CargoBuilds(sandbox));
            Directory.Delete(lockFile);

            // Another build holds the lock of this crate: the same lock file, opened exclusively by this process.
            using (new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
            {
                var held = sandbox.Build(Project, "-p:RustLambdaLockDirectory=" + locks, "-p:RustLambdaLockTimeout=2");
                held.AssertFailedWith("RL0123");
                StringAssert.Contains(held.Output, "Waiting for another build");
                Assert.AreEqual(0, CargoBuilds(sandbox));
            }
            sandbox.Build(Project, "-p:RustLambdaLockDirectory=" + locks).AssertSucceeded();
        }

        private static string LockName(Sandbox sandbox)
        {
            using var sha = System.Security.Cryptography.SHA256.Create();
            var hash = sha.ComputeHash(System.Text.Encoding.UTF8.GetBytes(sandbox.Folder.TrimEnd('/')));
            return string.Concat(hash.Take(10).Select(b => b.ToString("x2"))) + ".lock";
        }

        // Defect 8
        [TestMethod]
        [DataRow("/dev/zero")]
        [DataRow("huge.yaml")]
        public void A_huge_template_is_one_RL0120_with_its_size(string template)
        {
            using var sandbox = Sandbox.FromSample("SingleFunction", "state-huge");
            if (template == "huge.yaml")
            {
                using var huge = new FileStream(sandbox.PathOf(template), FileMode.CreateNew);
                huge.SetLength(1536L * 1024 * 1024); // sparse: 1.5 GB without the disk space
            }
            var build = sandbox.Build(Project, "-p:SamTemplate=" + template);
            build.AssertFailedWith("RL0120");
            StringAssert.Contains(build.Output, template == "huge.yaml" ? "1536 MiB" : "more than 64 MiB");
        }
    }
}
