using System;
using System.Collections.Generic;

namespace RustLambda.Build.Building
{
    public sealed class BuildPlan
    {
        public IReadOnlyList<CargoInvocation> Invocations { get; set; } = Array.Empty<CargoInvocation>();
        public IReadOnlyList<PlannedFunction> Functions { get; set; } = Array.Empty<PlannedFunction>();
    }
}
