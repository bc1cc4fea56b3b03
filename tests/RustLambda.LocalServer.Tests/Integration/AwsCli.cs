using System.Collections.Generic;
using System.Diagnostics;
using System.IO;

namespace RustLambda.LocalServer.Tests.Integration
{
    /// <summary>
    /// The real AWS CLI: Debian's awscli (v2) at /usr/bin/aws if it runs, else an `aws` on PATH (a pyenv v1 may shadow it).
    /// Dummy credentials, since the local server checks no signature.
    /// </summary>
    public sealed class AwsCli
    {
        private readonly string _path;
        private readonly bool _isV1;

        private AwsCli(string path, bool isV1)
        {
            _path = path;
            _isV1 = isV1;
        }

        public static AwsCli? Find()
        {
            foreach (var candidate in new[] { "/usr/bin/aws", "aws" })
            {
                var (code, stdout, stderr) = Run(candidate, new[] { "--version" });
                if (code == 0)
                {
                    return new AwsCli(candidate, (stdout + stderr).StartsWith("aws-cli/1.", System.StringComparison.Ordinal));
                }
            }
            return null;
        }

        public (int Code, string Stdout, string Stderr) Invoke(string endpoint, string function, string payload, string outputFile)
        {
            var arguments = new List<string> { "lambda", "invoke", "--function-name", function, "--payload", payload, "--endpoint-url", endpoint, "--region", "us-east-1", "--no-cli-pager" };
            if (!_isV1)
            {
                arguments.AddRange(new[] { "--cli-binary-format", "raw-in-base64-out" });
            }
            arguments.Add(outputFile);
            return Run(_path, arguments);
        }

        private static (int, string, string) Run(string program, IEnumerable<string> arguments)
        {
            var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }
            start.Environment["AWS_ACCESS_KEY_ID"] = "local";
            start.Environment["AWS_SECRET_ACCESS_KEY"] = "local";
            start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
            start.Environment["AWS_MAX_ATTEMPTS"] = "1";
            start.Environment["AWS_PAGER"] = "";
            try
            {
                using var process = Process.Start(start)!;
                process.StandardInput.Close();
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                if (!process.WaitForExit(60_000))
                {
                    process.Kill(true);
                    return (-1, "", "timed out");
                }
                return (process.ExitCode, stdout.Result, stderr.Result);
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                return (-1, "", ex.Message);
            }
        }
    }
}
