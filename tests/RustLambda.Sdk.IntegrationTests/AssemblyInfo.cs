// These tests build Linux Lambda functions with real cargo, extract and run them, and check Unix file modes.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
