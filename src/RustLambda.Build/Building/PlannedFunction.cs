namespace RustLambda.Build.Building
{
    public sealed class PlannedFunction
    {
        public FunctionBuildRequest Request { get; set; } = new FunctionBuildRequest();
        public string InvocationId { get; set; } = "";
        public string ZipPath { get; set; } = "";

        /// <summary>The built binary the zip and the SAM layout are made from (<see cref="CargoInvocation.BinaryPath"/>).</summary>
        public string BinaryPath { get; set; } = "";
    }
}
