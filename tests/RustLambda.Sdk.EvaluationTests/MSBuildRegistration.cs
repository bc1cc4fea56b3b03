using Microsoft.Build.Locator;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace RustLambda.Sdk.EvaluationTests
{
    /// <summary>Registers the installed .NET SDK's MSBuild before any test touches a Microsoft.Build type; this class has none.</summary>
    [TestClass]
    public static class MSBuildRegistration
    {
        [AssemblyInitialize]
        public static void Register(TestContext _)
        {
            if (!MSBuildLocator.IsRegistered)
            {
                MSBuildLocator.RegisterDefaults();
            }
        }
    }
}
