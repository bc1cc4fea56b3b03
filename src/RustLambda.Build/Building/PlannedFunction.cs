namespace RustLambda.Build.Building
{
    public sealed class PlannedFunction
    {
        public FunctionBuildRequest Request { get; set; } = new FunctionBuildRequest();
        public string InvocationId { get; set; } = "";
        public string ZipPath { get; set; } = "";
    }
}
