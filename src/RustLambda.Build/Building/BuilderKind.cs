namespace RustLambda.Build.Building
{
    public enum BuilderKind
    {
        /// <summary>`cargo lambda build`, as SAM runs it.</summary>
        CargoLambda,

        /// <summary>Plain `cargo build` for the host target: no Zig, only for a Linux host of the function's architecture.</summary>
        Cargo,
    }
}
