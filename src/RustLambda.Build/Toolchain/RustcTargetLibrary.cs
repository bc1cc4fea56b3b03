namespace RustLambda.Build.Toolchain
{
    /// <summary>What one rustc said about a target: where its library folder is, and whether the standard library is there.</summary>
    public sealed class RustcTargetLibrary
    {
        public RustcTargetLibrary(string rustc, string? libraryDirectory, bool hasStd, string? failure)
        {
            Rustc = rustc;
            LibraryDirectory = libraryDirectory;
            HasStd = hasStd;
            Failure = failure;
        }

        public string Rustc { get; }

        /// <summary><c>rustc --print target-libdir --target T</c>; null when rustc could not be asked.</summary>
        public string? LibraryDirectory { get; }

        public bool HasStd { get; }

        /// <summary>Why rustc could not be asked (not found, no output, timed out), for the message.</summary>
        public string? Failure { get; }
    }
}
