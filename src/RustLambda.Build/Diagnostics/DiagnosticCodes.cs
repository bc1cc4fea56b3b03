namespace RustLambda.Build.Diagnostics
{
    /// <summary>Every code the SDK raises. The README's error table lists each one; a test keeps the two in step.</summary>
    public static class DiagnosticCodes
    {
        // The template
        public const string TemplateNotFound = "RL0001";
        public const string TemplateUnreadable = "RL0002";
        public const string TemplateStructure = "RL0003";
        public const string NoRustFunctions = "RL0010";
        public const string UnknownFunction = "RL0011";
        public const string InvalidLogicalId = "RL0012";
        public const string UnsupportedRuntime = "RL0020";
        public const string InvalidArchitectures = "RL0021";
        public const string InvalidCodeUri = "RL0022";
        public const string MissingHandler = "RL0023";
        public const string Unresolvable = "RL0024";
        public const string ScalarBuildProperties = "RL0025";
        public const string DeprecatedRuntime = "RL0026";
        public const string WrongType = "RL0027";
        public const string InvalidParameterOverrides = "RL0028";
        public const string UnknownParameterOverride = "RL0029";

        // Cargo manifests
        public const string ManifestNotFound = "RL0030";
        public const string ManifestUnreadable = "RL0031";
        public const string BinaryNotFound = "RL0032";
        public const string AmbiguousBinary = "RL0033";
        public const string NoBinaries = "RL0034";
        public const string DuplicateBinary = "RL0035";
        public const string MissingWorkspaceMember = "RL0036";
        public const string ManifestWrongType = "RL0037";
        public const string InvalidBinaryName = "RL0038";

        // The beta opt-in
        public const string BetaNotEnabled = "RL0040";
        public const string SamConfigUnreadable = "RL0041";
        public const string InvalidBetaFeaturesValue = "RL0042";
        public const string SamConfigNotFound = "RL0043";

        // Tools and the build
        public const string CargoNotFound = "RL0050";
        public const string CargoLambdaNotFound = "RL0051";
        public const string NoUsableBuilder = "RL0052";
        public const string CargoBuilderCannotTarget = "RL0053";
        public const string InvalidBuilder = "RL0054";
        public const string CargoFailed = "RL0060";
        public const string CargoError = "RL0061";
        public const string BinaryNotProduced = "RL0062";
        public const string NotALinuxExecutable = "RL0063";
        public const string ArchitectureMismatch = "RL0064";
        public const string GlibcTooNew = "RL0065";
        public const string ArtifactChecksSkipped = "RL0066";
        public const string PackagingFailed = "RL0070";

        // Local invoke
        public const string InvokeTargetUnknown = "RL0080";
        public const string FunctionReturnedError = "RL0081";
        public const string EventUnreadable = "RL0082";
        public const string InvokeUnsupported = "RL0083";

        // Local runs through RustLambda.Hosting (block RL0084-RL0089)
        public const string EmulatorNotFound = "RL0084";
        public const string EventTooLarge = "RL0085";

        // The local server (dotnet run)
        public const string UnservableEvent = "RL0100";
        public const string UnknownEventApi = "RL0101";
        public const string PortInUse = "RL0102";
        public const string ServerManifestUnreadable = "RL0103";
        public const string RebuildFailed = "RL0104";
        public const string EnvVarsUnreadable = "RL0105";

        /// <summary>RL0090-RL0098: project properties that still work but have a clearer name now.</summary>
        public const string DeprecatedProperty = "RL0090";

        // Build state: inputs, outputs, locks (issue 13)
        public const string InputTooLarge = "RL0120";
        public const string OutputFolderHoldsSources = "RL0121";
        public const string BuildLockUnusable = "RL0122";
        public const string BuildLockTimeout = "RL0123";
        public const string OutputChangedSinceWritten = "RL0124";
        public const string LogicalIdsDifferOnlyInCase = "RL0125";

        // arm64 (and x86_64 from arm64) with plain cargo
        public const string CrossLinkerNotFound = "RL0140";
        public const string TargetStdMissing = "RL0141";
        public const string CrossCLibraryNotFound = "RL0142";

        // Nested applications
        public const string NestedTemplateNotFound = "RL0150";
        public const string NestedStackCycle = "RL0151";
        public const string NestedLocationInvalid = "RL0152";
        public const string NestedLocationNotLocal = "RL0153";

        public const string InternalError = "RL0099";

        // Compile cache
        public const string RustcWrapperNotFound = "RL0170";
    }
}
