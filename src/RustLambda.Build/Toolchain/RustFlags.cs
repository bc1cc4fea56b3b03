using System;
using System.Collections.Generic;
using System.Linq;
using Tomlyn.Model;

namespace RustLambda.Build.Toolchain
{
    /// <summary>Reading rustflags, from a config value or the RUSTFLAGS-style variables, for the choices the cross check must respect.</summary>
    public static class RustFlags
    {
        public static IReadOnlyList<string> Split(object? value) => value switch
        {
            string text => text.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries),
            TomlArray array => array.OfType<string>().ToList(),
            _ => Array.Empty<string>(),
        };

        /// <summary>CARGO_ENCODED_RUSTFLAGS separates flags with 0x1f; RUSTFLAGS with spaces.</summary>
        public static IReadOnlyList<string> FromVariable(string? value, bool encoded) =>
            string.IsNullOrEmpty(value) ? Array.Empty<string>() : value!.Split(encoded ? new[] { '\x1f' } : new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);

        public static bool ChooseLinker(IReadOnlyList<string> flags) =>
            flags.Any(f => f.StartsWith("linker=", StringComparison.Ordinal) || f.StartsWith("-Clinker=", StringComparison.Ordinal));

        public static bool SetSysroot(IReadOnlyList<string> flags) => flags.Any(f => f.Contains("--sysroot"));
    }
}
