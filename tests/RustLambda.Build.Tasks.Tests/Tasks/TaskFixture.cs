using System.IO;
using Microsoft.Build.Utilities;
using RustLambda.Build.Tests.Cargo;

namespace RustLambda.Build.Tests.Tasks
{
    /// <summary>A project folder with a template and one Rust crate, for running the tasks on.</summary>
    internal static class TaskFixture
    {
        /// <param name="architecture">Null is this machine's, so plain cargo (RustLambdaBuilder=cargo) can serve it.</param>
        public static string Template(string? architecture = null, string runtime = "provided.al2023") => $@"Parameters:
  Stage:
    Type: String
    Default: dev
Resources:
  Books:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: crate
      Handler: bootstrap
      Runtime: {runtime}
      Architectures: [{architecture ?? HostArchitecture}]
      Timeout: 15
      MemorySize: 256
      Environment:
        Variables:
          STAGE: !Ref Stage
    Metadata:
      BuildMethod: rust-cargolambda
";

        public static string HostArchitecture => RustLambda.Build.Model.LambdaArchitectures.Host?.Name ?? "x86_64";

        public static TempDirectory Project(string? template = null)
        {
            var dir = new TempDirectory("task");
            dir.Write("template.yaml", template ?? Template());
            dir.Write("crate/Cargo.toml", CargoTestTree.Package("books"));
            dir.Write("crate/src/main.rs", CargoTestTree.Main);
            return dir;
        }

        /// <summary>An executable shell script (the tests run on Linux, as the SDK's CI does).</summary>
        public static string Script(TempDirectory dir, string name, string body)
        {
            string path = dir.Write(name, "#!/bin/sh\n" + body);
            if (!System.OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            return path;
        }

        public static TaskItem Item(string spec, params (string Key, string Value)[] metadata)
        {
            var item = new TaskItem(spec);
            foreach (var (key, value) in metadata)
            {
                item.SetMetadata(key, value);
            }
            return item;
        }
    }
}
