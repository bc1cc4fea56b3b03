using System;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace RustLambda.Sdk.IntegrationTests
{
    /// <summary>
    /// The packed RustLambda.Templates installed into a template store of its own (`--debug:custom-hive`), so that tests
    /// neither see nor change the templates of the machine's user.
    /// </summary>
    public sealed class TemplateStore : IDisposable
    {
        public static string Package => Path.Combine(Repo.Packages, $"RustLambda.Templates.{Repo.Version}.nupkg");

        private readonly Sandbox _installer;

        private TemplateStore(Sandbox installer, string hive)
        {
            _installer = installer;
            Hive = hive;
        }

        public string Hive { get; }

        public static TemplateStore Install()
        {
            if (!File.Exists(Package))
            {
                Assert.Fail($"{Package} is missing; run build/test.sh (its pack_sdk packs the templates with the SDK).");
            }
            var installer = Sandbox.Empty("template-store");
            string hive = installer.PathOf("hive");
            var install = installer.Dotnet(new[] { "new", "install", Package, "--debug:custom-hive", hive });
            Assert.AreEqual(0, install.ExitCode, "dotnet new install failed:\n" + install.Output);
            return new TemplateStore(installer, hive);
        }

        /// <summary>`dotnet new &lt;template&gt; &lt;arguments&gt;` in the sandbox's folder, from this store.</summary>
        public BuildResult Create(Sandbox sandbox, string template, params string[] arguments)
        {
            var command = new[] { "new", template }.Concat(arguments).Concat(new[] { "--debug:custom-hive", Hive }).ToArray();
            return sandbox.Dotnet(command);
        }

        public void Dispose() => _installer.Dispose();
    }
}
