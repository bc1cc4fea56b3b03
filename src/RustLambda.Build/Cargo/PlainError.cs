namespace RustLambda.Build.Cargo
{
    /// <summary>A plain-text error from cargo, cargo-lambda, rustup or Zig, with the location cargo pointed at, if any.</summary>
    public sealed class PlainError
    {
        /// <summary>One line: the error and its "Caused by" chain, joined as anyhow prints chains (`outer: cause: root cause`).</summary>
        public string Message { get; set; } = "";

        /// <summary>Every line cargo printed for it (the snippet and help included), for the log.</summary>
        public string FullText { get; set; } = "";

        /// <summary>From cargo's " --> path:line:col" pointer; relative to the working folder as cargo prints it.</summary>
        public string? File { get; set; }
        public int Line { get; set; }
        public int Column { get; set; }
    }
}
