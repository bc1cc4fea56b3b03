// The integration tests build Linux Lambda functions with real cargo and run them.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
