using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Build.Building;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.IO;
using RustLambda.Build.Packaging;

namespace RustLambda.Build.Tests.BuildState
{
    /// <summary>Issue 13's core pieces, without MSBuild: stamps, temps, the output guard, the record, the env key and the lock.</summary>
    [TestClass]
    public class BuildStateUnitTests
    {
        private static string NewFolder()
        {
            string folder = Path.Combine(Path.GetTempPath(), "rl-state", Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(folder);
            return folder;
        }

        // Defect 3: one test per family of the list.
        [TestMethod]
        [DataRow("RUSTFLAGS")]
        [DataRow("CARGO_ENCODED_RUSTFLAGS")]
        [DataRow("RUSTC")]
        [DataRow("RUSTC_WRAPPER")]
        [DataRow("RUSTUP_TOOLCHAIN")]
        [DataRow("CARGO_TARGET_DIR")]
        [DataRow("CARGO_BUILD_TARGET")]
        [DataRow("CARGO_PROFILE_RELEASE_STRIP")]
        [DataRow("CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER")]
        [DataRow("CARGO_UNSTABLE_BUILD_STD")]
        [DataRow("CC")]
        [DataRow("CFLAGS_x86_64_unknown_linux_gnu")]
        public void Each_family_of_variables_changes_the_key(string name)
        {
            var without = CargoEnvironment.KeyLines(new Hashtable { ["PATH"] = "/bin" });
            var with = CargoEnvironment.KeyLines(new Hashtable { ["PATH"] = "/bin", [name] = "x" });
            CollectionAssert.AreEqual(new[] { name + "=x" }, with.Except(without).ToArray());
        }

        [TestMethod]
        [DataRow("PATH")]
        [DataRow("HOME")]
        [DataRow("CARGO_TERM_COLOR")]
        [DataRow("SAM_CLI_BETA_FEATURES")]
        public void Variables_that_cannot_change_the_binary_are_not_in_the_key(string name) =>
            Assert.AreEqual(0, CargoEnvironment.KeyLines(new Hashtable { [name] = "x" }).Count);

        // Defect 5 and the 255-character logical id.
        [TestMethod]
        public void A_truncated_zip_no_longer_matches_its_stamp_and_a_touched_one_still_does()
        {
            string folder = NewFolder();
            string zip = Path.Combine(folder, "bootstrap.zip");
            File.WriteAllBytes(zip, Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray());
            string stamp = PackageStamp.PathFor(Path.Combine(folder, "zips"), new string('A', 255));
            Assert.IsTrue(Path.GetFileName(stamp).Length < 100, "a 255-character id gets a short stamp name");
            Directory.CreateDirectory(Path.GetDirectoryName(stamp)!);
            PackageStamp.Write(stamp, zip, "made-from", ContentHash.Of(zip));
            Assert.IsTrue(PackageStamp.IsCurrent(stamp, zip, "made-from"));
            Assert.IsFalse(PackageStamp.IsCurrent(stamp, zip, "other binary"));

            File.SetLastWriteTimeUtc(zip, DateTime.UtcNow.AddMinutes(1));
            Assert.IsTrue(PackageStamp.IsCurrent(stamp, zip, null), "touched, same bytes");
            using (var stream = new FileStream(zip, FileMode.Open)) stream.SetLength(1000);
            Assert.IsFalse(PackageStamp.IsCurrent(stamp, zip, null), "truncated");
        }

        // Defects 4 and 6.
        [TestMethod]
        public void The_SAM_layout_is_relinked_when_another_binary_or_nothing_is_there_and_temps_stay_out_of_CodeUri()
        {
            string folder = NewFolder();
            string template = Path.Combine(folder, "template.yaml");
            File.WriteAllText(template, "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: .\n");
            string debug = Path.Combine(folder, "obj", "Debug", "fn");
            string release = Path.Combine(folder, "obj", "Release", "fn");
            Directory.CreateDirectory(Path.GetDirectoryName(debug)!);
            Directory.CreateDirectory(Path.GetDirectoryName(release)!);
            File.WriteAllText(debug, "debug binary");
            File.WriteAllText(release, "release binary!");
            string build = Path.Combine(folder, ".aws-sam", "build");
            string legacyTemp = Path.Combine(build, "Fn", ".bootstrap.0badc0de.tmp");
            Directory.CreateDirectory(Path.GetDirectoryName(legacyTemp)!);
            File.WriteAllText(legacyTemp, "partial");
            File.SetLastWriteTimeUtc(legacyTemp, DateTime.UtcNow.AddHours(-1));

            var debugStamps = FileStamps.Load(Path.Combine(folder, "obj", "Debug", "sam.stamps"));
            var first = new SamBuildLayoutWriter(build, debugStamps).Write(template, new Dictionary<string, string> { ["Fn"] = debug });
            Assert.AreEqual(1, first.Linked + first.Copied);
            Assert.AreEqual(1, first.SweptTemporaryFiles);
            string bootstrap = Path.Combine(build, "Fn", "bootstrap");
            new SamBuildLayoutWriter(build, FileStamps.Load(Path.Combine(folder, "obj", "Release", "sam.stamps"))).Write(template, new Dictionary<string, string> { ["Fn"] = release });
            Assert.AreEqual("release binary!", File.ReadAllText(bootstrap));

            var again = new SamBuildLayoutWriter(build, debugStamps).Write(template, new Dictionary<string, string> { ["Fn"] = debug });
            Assert.AreEqual("debug binary", File.ReadAllText(bootstrap), "Debug's view notices Release's binary");
            var same = new SamBuildLayoutWriter(build, debugStamps).Write(template, new Dictionary<string, string> { ["Fn"] = debug });
            Assert.AreEqual(1, same.Unchanged);
            File.Delete(bootstrap);
            new SamBuildLayoutWriter(build, debugStamps).Write(template, new Dictionary<string, string> { ["Fn"] = debug });
            Assert.AreEqual("debug binary", File.ReadAllText(bootstrap), "a deleted bootstrap is noticed");
            CollectionAssert.AreEqual(new[] { "bootstrap" }, Directory.GetFiles(Path.Combine(build, "Fn")).Select(Path.GetFileName).ToArray(), "nothing else in the CodeUri");
        }

        [TestMethod]
        public void The_layout_template_is_rendered_again_only_when_its_source_functions_or_output_changed()
        {
            string folder = NewFolder();
            string template = Path.Combine(folder, "template.yaml");
            File.WriteAllText(template, "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: ./fn\n");
            string binary = Path.Combine(folder, "bin");
            File.WriteAllText(binary, "binary");
            string build = Path.Combine(folder, ".aws-sam", "build");
            var stamps = FileStamps.Load(Path.Combine(folder, "obj", "sam.stamps"));
            var binaries = new Dictionary<string, string> { ["Fn"] = binary };
            Assert.IsTrue(new SamBuildLayoutWriter(build, stamps).Write(template, binaries).TemplateWritten);
            string output = Path.Combine(build, "template.yaml");
            string written = File.ReadAllText(output);

            // Same size and time, so the stamp vouches for the source: it is not read again (were it, the YAML would fail).
            var time = File.GetLastWriteTimeUtc(template);
            File.WriteAllText(template, new string('#', (int)new FileInfo(template).Length));
            File.SetLastWriteTimeUtc(template, time);
            var skipped = new SamBuildLayoutWriter(build, stamps).Write(template, binaries);
            Assert.IsFalse(skipped.TemplateWritten);
            CollectionAssert.Contains(skipped.WrittenFiles, output, "the skipped template is still one of the layout's files");

            // A hand-edited output is noticed by its content stamp and written again from the (restored) source.
            File.WriteAllText(template, "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: ./fn\n");
            File.WriteAllText(output, "edited by hand");
            Assert.IsTrue(new SamBuildLayoutWriter(build, stamps).Write(template, binaries).TemplateWritten);
            Assert.AreEqual(written, File.ReadAllText(output));
        }

        [TestMethod]
        public void Only_temps_of_dead_writers_are_swept()
        {
            string folder = NewFolder();
            string dead = Path.Combine(folder, ".bootstrap.zip.999999-0badc0de.rl.tmp");
            string live = TemporaryFiles.NameFor(folder, "bootstrap.zip");
            string user = Path.Combine(folder, ".notes.tmp");
            foreach (var file in new[] { dead, live, user })
            {
                File.WriteAllText(file, "x");
            }
            Assert.AreEqual(1, TemporaryFiles.Sweep(folder));
            Assert.IsFalse(File.Exists(dead));
            Assert.IsTrue(File.Exists(live), "this process is writing it");
            Assert.IsTrue(File.Exists(user), "not ours");
        }

        // Defect 1.
        [TestMethod]
        public void Output_folders_that_are_or_contain_sources_are_refused()
        {
            string project = NewFolder();
            File.WriteAllText(Path.Combine(project, "Cargo.toml"), "[package]\n");
            Directory.CreateDirectory(Path.Combine(project, "src"));
            File.WriteAllText(Path.Combine(project, "src", "main.rs"), "fn main() {}\n");
            var locations = new OutputLocations();
            locations.AddSourceFolder(project, "the template's folder");
            foreach (var refused in new[] { project, Path.GetDirectoryName(project)!, "/", Path.Combine(project, "src") })
            {
                var diagnostics = new DiagnosticBag();
                Assert.IsFalse(locations.Check("SamBuildDir", refused, "p.csproj", diagnostics, writesTemplate: true), refused);
                Assert.AreEqual(DiagnosticCodes.OutputFolderHoldsSources, diagnostics.Items.Single().Code);
                Assert.AreEqual("p.csproj", diagnostics.Items.Single().File);
            }
            foreach (var fine in new[] { Path.Combine(project, "bin", "Debug"), Path.Combine(project, ".aws-sam", "build") })
            {
                Assert.IsTrue(locations.Check("SamBuildDir", fine, null, new DiagnosticBag(), writesTemplate: true), fine);
            }
        }

        // Clean and renamed functions.
        [TestMethod]
        public void The_record_deletes_only_unchanged_files_it_wrote_and_the_folders_it_made()
        {
            string folder = NewFolder();
            string record = Path.Combine(folder, "obj", "outputs.txt");
            string outDir = Path.Combine(folder, "out");
            var written = WrittenFiles.Load(record);
            written.NoteCreatedFolders("Debug", Path.Combine(outDir, "Old"));
            string old = Path.Combine(outDir, "Old", "bootstrap.zip");
            string edited = Path.Combine(outDir, "Edited", "bootstrap.zip");
            Directory.CreateDirectory(Path.GetDirectoryName(old)!);
            Directory.CreateDirectory(Path.GetDirectoryName(edited)!);
            File.WriteAllText(old, "zip");
            File.WriteAllText(edited, "zip");
            written.Update("Debug", new[] { old, edited });
            written.Save();
            File.WriteAllText(edited, "the user's own content");
            File.SetLastWriteTimeUtc(edited, DateTime.UtcNow.AddMinutes(1));
            File.WriteAllText(Path.Combine(outDir, "mine.txt"), "never written by a build");

            var (deleted, kept) = WrittenFiles.Load(record).Clean(new[] { "Debug" });
            CollectionAssert.AreEqual(new[] { old }, deleted);
            CollectionAssert.AreEqual(new[] { edited }, kept);
            Assert.IsFalse(Directory.Exists(Path.Combine(outDir, "Old")));
            Assert.IsTrue(File.Exists(Path.Combine(outDir, "mine.txt")));
        }

        [TestMethod]
        public void The_record_takes_a_writers_stamp_only_while_the_file_still_matches_it()
        {
            string folder = NewFolder();
            string record = Path.Combine(folder, "obj", "outputs.txt");
            string zip = Path.Combine(folder, "out", "bootstrap.zip");
            Directory.CreateDirectory(Path.GetDirectoryName(zip)!);
            File.WriteAllText(zip, "zip");
            var info = new FileInfo(zip);
            var matching = new FileStamp(info.Length, info.LastWriteTimeUtc.Ticks, new string('a', 64));
            var stale = new FileStamp(info.Length + 1, info.LastWriteTimeUtc.Ticks, new string('b', 64));

            var written = WrittenFiles.Load(record);
            written.Update("Debug", new (string, FileStamp?)[] { (zip, matching) });
            written.Save();
            StringAssert.Contains(File.ReadAllText(record), new string('a', 64), "the writer's stamp was taken, the file not hashed");

            File.Delete(record);
            written = WrittenFiles.Load(record);
            written.Update("Debug", new (string, FileStamp?)[] { (zip, stale) });
            written.Save();
            StringAssert.Contains(File.ReadAllText(record), ContentHash.Of(zip), "a stamp that no longer fits the file is not trusted");
        }

        // Defect 7.
        [TestMethod]
        public void A_held_lock_is_contention_that_times_out_and_a_folder_in_the_way_is_a_failure_at_once()
        {
            string folder = NewFolder();
            string root = Path.Combine(folder, "crate");
            using (BuildRootLock.Acquire(root, () => { }, TimeSpan.FromSeconds(1), CancellationToken.None, folder).Lock)
            {
                bool waited = false;
                var second = BuildRootLock.Acquire(root, () => waited = true, TimeSpan.FromSeconds(1), CancellationToken.None, folder);
                Assert.AreEqual(BuildRootLockFailure.TimedOut, second.Failure, second.Reason);
                Assert.IsTrue(waited);
            }
            Assert.IsNotNull(BuildRootLock.Acquire(root, () => { }, TimeSpan.FromSeconds(1), CancellationToken.None, folder).Lock, "released");

            string blocked = Path.Combine(folder, "blocked");
            File.WriteAllText(blocked, "a file where the lock folder should be");
            var failed = BuildRootLock.Acquire(root, () => Assert.Fail("a failure is not waited on"), TimeSpan.FromSeconds(30), CancellationToken.None, blocked);
            Assert.AreEqual(BuildRootLockFailure.Unusable, failed.Failure);
        }

        [TestMethod]
        public void The_default_lock_folder_is_per_user() =>
            StringAssert.Contains(BuildRootLock.LockDirectory(), "rustlambda-locks-" + new string(Environment.UserName.Where(char.IsLetterOrDigit).ToArray()));

        // Defect 8.
        [TestMethod]
        public void Dev_zero_and_a_sparse_huge_file_are_refused_with_their_size()
        {
            Assert.IsNull(BoundedFile.ReadAllBytes("/dev/zero", out var endless));
            StringAssert.Contains(endless, "more than 64 MiB");
            string huge = Path.Combine(NewFolder(), "huge.yaml");
            using (var stream = new FileStream(huge, FileMode.CreateNew)) stream.SetLength(1536L * 1024 * 1024);
            Assert.IsNull(BoundedFile.ReadAllBytes(huge, out var large));
            StringAssert.Contains(large, "1536 MiB");
            File.Delete(huge);
        }
    }
}
