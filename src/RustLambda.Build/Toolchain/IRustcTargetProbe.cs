using System.Collections.Generic;

namespace RustLambda.Build.Toolchain
{
    public interface IRustcTargetProbe
    {
        RustcTargetLibrary Probe(string rustc, string targetTriple, string workingDirectory, IReadOnlyDictionary<string, string> environment);
    }
}
