using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Build.Cargo;
using RustLambda.Build.Diagnostics;

namespace RustLambda.Build.Tests.Cargo
{
    internal static class CargoAssert
    {
        public static CargoProject Load(CargoManifestReader reader, string directory, DiagnosticBag? diagnostics = null)
        {
            diagnostics ??= new DiagnosticBag();
            var project = reader.LoadProject(directory, diagnostics, "/template.yaml", 7);
            Assert.IsFalse(diagnostics.HasErrors, string.Join(Environment.NewLine, diagnostics.Items));
            Assert.IsNotNull(project);
            return project!;
        }

        public static CargoProject Load(string directory) => Load(new CargoManifestReader(), directory);

        public static Diagnostic Single(DiagnosticBag diagnostics, string code)
        {
            var matching = diagnostics.Items.Where(d => d.Code == code).ToList();
            Assert.AreEqual(1, matching.Count, $"expected one {code}, got: {string.Join(Environment.NewLine, diagnostics.Items)}");
            return matching[0];
        }

        public static string[] Names(IEnumerable<CargoBinary> binaries) => binaries.Select(b => b.Name).ToArray();

        public static string[] Names(IEnumerable<CargoPackage> packages) => packages.Select(p => p.Name).ToArray();
    }
}
