// Times two pieces of RustLambda.Sdk's model in one process, for build/benchmark.sh:
//
//   ModelBench template <template.yaml> <iterations> <expected-functions> <warm-up-calls>
//       new SamTemplateReader(diagnostics).Read(path, overrides, selected): the first (cold: JIT, type loading) call, then
//       the median of <iterations> calls after <warm-up-calls> more (enough for the tiered JIT to settle).
//   ModelBench zip <binary> <work-folder> <iterations>
//       BootstrapZip.Write(binary, zip): the first call, then the median of <iterations> after it; the same for
//       BootstrapZip.WriteTo(binary, Stream.Null) (compression alone, no disk); whether two writes give identical bytes;
//       and, for reference, other deflate implementations on the same bytes ("reference:" lines).
//
// Prints one line of key=value pairs (times in milliseconds), then any "reference:" lines, and exits non-zero if the
// model reports an error.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using ICSharpCode.SharpZipLib.Zip.Compression;
using ICSharpCode.SharpZipLib.Zip.Compression.Streams;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.Packaging;
using RustLambda.Build.Template;

internal static class Program
{
    private static int Main(string[] args)
    {
        try
        {
            return args.Length > 0 && args[0] == "template" && args.Length == 5 ? Template(args[1], Number(args[2]), Number(args[3]), Number(args[4]))
                : args.Length > 0 && args[0] == "zip" && args.Length == 4 ? Zip(args[1], args[2], Number(args[3]))
                : args.Length > 0 && args[0] == "elf" && args.Length == 3 ? Elf(args[1], Number(args[2]))
                : Usage();
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"ModelBench failed: {ex}");
            return 1;
        }
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: ModelBench template <template.yaml> <iterations> <expected-functions> <warm-up-calls> | zip <binary> <work-folder> <iterations> | elf <folder-of-binaries> <iterations>");
        return 2;
    }

    private static int Number(string text) => int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);

    private static int Template(string path, int iterations, int expectedFunctions, int warmUpCalls)
    {
        var overrides = new Dictionary<string, string>(StringComparer.Ordinal) { ["Stage"] = "prod" };
        var selected = Array.Empty<string>();
        SamTemplate? template = null;
        DiagnosticBag diagnostics = new DiagnosticBag();
        Action read = () =>
        {
            diagnostics = new DiagnosticBag();
            template = new SamTemplateReader(diagnostics).Read(path, overrides, selected);
        };

        double first = Time(read);
        if (template == null || diagnostics.HasErrors || template.Functions.Count != expectedFunctions)
        {
            foreach (var diagnostic in diagnostics.Items)
            {
                Console.Error.WriteLine(diagnostic);
            }
            Console.Error.WriteLine($"expected {expectedFunctions} functions, read {template?.Functions.Count.ToString(CultureInfo.InvariantCulture) ?? "none"}");
            return 1;
        }
        for (int i = 0; i < warmUpCalls; i++)
        {
            read();
        }
        double median = Median(Enumerable.Range(0, iterations).Select(_ => Time(read)));
        Console.WriteLine(Invariant($"functions={template.Functions.Count} first_ms={first:F1} median_ms={median:F1} iterations={iterations} warmup={warmUpCalls}"));
        return 0;
    }

    private static int Zip(string binary, string folder, int iterations)
    {
        Directory.CreateDirectory(folder);
        string zip = Path.Combine(folder, "bootstrap.zip");
        double first = Time(() => BootstrapZip.Write(binary, zip));
        double median = Median(Enumerable.Range(0, iterations).Select(_ => Time(() => BootstrapZip.Write(binary, zip))));
        double compress = Median(Enumerable.Range(0, iterations).Select(_ => Time(() => BootstrapZip.WriteTo(binary, Stream.Null))));

        string again = Path.Combine(folder, "again", "bootstrap.zip");
        BootstrapZip.Write(binary, again);
        bool identical = File.ReadAllBytes(zip).AsSpan().SequenceEqual(File.ReadAllBytes(again));
        long input = new FileInfo(binary).Length, output = new FileInfo(zip).Length;
        Console.WriteLine(Invariant($"first_ms={first:F1} median_ms={median:F1} compress_ms={compress:F1} iterations={iterations} identical={(identical ? "yes" : "no")} input_bytes={input} zip_bytes={output}"));

        // What other deflaters do with the same bytes (compression only, into memory): where the time goes, and what a
        // change of library or level would give. Not the SDK's code path.
        byte[] data = File.ReadAllBytes(binary);
        Reference("SharpZipLib level 6 (the SDK's setting)", data, output => new DeflaterOutputStream(output, new Deflater(6, true)) { IsStreamOwner = false });
        Reference("SharpZipLib level 1", data, output => new DeflaterOutputStream(output, new Deflater(1, true)) { IsStreamOwner = false });
        Reference("System.IO.Compression (zlib-ng) Optimal", data, output => new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true));
        Reference("System.IO.Compression (zlib-ng) Fastest", data, output => new DeflateStream(output, CompressionLevel.Fastest, leaveOpen: true));
        return 0;
    }

    // The artifact checks' ELF reading over every binary of a folder: the first pass (what a cold `dotnet build` pays,
    // JIT or ReadyToRun code included) and the median of later passes.
    private static int Elf(string folder, int iterations)
    {
        var binaries = Directory.GetFiles(folder).OrderBy(f => f, StringComparer.Ordinal).ToArray();
        int checkedCount = 0;
        Action pass = () =>
        {
            checkedCount = 0;
            foreach (string binary in binaries)
            {
                var facts = ElfInspector.Inspect(binary);
                if (facts.IsElf && facts.IsExecutable && facts.Architecture.Length > 0)
                {
                    checkedCount++;
                }
            }
        };
        double first = Time(pass);
        double median = Median(Enumerable.Range(0, iterations).Select(_ => Time(pass)));
        if (checkedCount != binaries.Length)
        {
            Console.Error.WriteLine($"only {checkedCount} of {binaries.Length} files read as ELF executables");
            return 1;
        }
        Console.WriteLine(Invariant($"binaries={binaries.Length} first_ms={first:F1} median_ms={median:F1} iterations={iterations}"));
        return 0;
    }

    private static void Reference(string name, byte[] data, Func<Stream, Stream> deflater)
    {
        long size = 0;
        double median = Median(Enumerable.Range(0, 3).Select(_ => Time(() =>
        {
            var output = new MemoryStream();
            using (var stream = deflater(output))
            {
                stream.Write(data, 0, data.Length);
            }
            size = output.Length;
        })));
        Console.WriteLine(Invariant($"reference: {name} {median:F0} ms, {size / 1048576.0:F1} MiB"));
    }

    private static double Time(Action action)
    {
        var stopwatch = Stopwatch.StartNew();
        action();
        return stopwatch.Elapsed.TotalMilliseconds;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
