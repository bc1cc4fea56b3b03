using System;
using System.Globalization;
using System.Threading;
using RustLambda.Build.Model;
using RustLambda.Hosting.Artifacts;
using RustLambda.Hosting.Emulation;

namespace RustLambda.Hosting.Instances
{
    /// <summary>
    /// One build of a function as a pool runs it: the validated definition, its files on disk, how this host starts it,
    /// and its effective timeouts. <see cref="FunctionInstancePool.ReplaceAsync"/> makes a new one; the old one's files
    /// are deleted when its last instance is gone.
    /// </summary>
    internal sealed class FunctionVersion
    {
        private const string AccountId = "123456789012";

        private int _instances;
        private int _retired;
        private int _deleted;

        private FunctionVersion(LambdaFunctionDefinition definition, FunctionArtifact artifact, BootstrapLauncher launcher, FunctionPoolOptions options)
        {
            Definition = definition;
            Artifact = artifact;
            Launcher = launcher;
            FunctionArn = $"arn:aws:lambda:{definition.Region}:{AccountId}:function:{definition.FunctionName}";
            EmulationFactor = launcher.IsEmulated ? options.EmulationTimeoutFactor : 1;
            InitTimeout = Scale(options.InitTimeout);
            InvocationTimeout = Scale(definition.Timeout);
        }

        public LambdaFunctionDefinition Definition { get; }

        public FunctionArtifact Artifact { get; }

        public BootstrapLauncher Launcher { get; }

        public string FunctionArn { get; }

        public double EmulationFactor { get; }

        public TimeSpan InitTimeout { get; }

        public TimeSpan InvocationTimeout { get; }

        /// <summary>
        /// Validates <paramref name="definition"/> (a copy), decides how to run it here and prepares its files.
        /// Throws before anything is created when the host cannot run it.
        /// </summary>
        public static FunctionVersion Prepare(LambdaFunctionDefinition definition, FunctionPoolOptions options)
        {
            var snapshot = (definition ?? throw new ArgumentNullException(nameof(definition))).Clone();
            snapshot.Validate();
            var architecture = LambdaArchitectures.Find(snapshot.Architecture)!;
            var launcher = EmulatorResolver.Resolve(architecture, options.QemuPath);
            var artifact = FunctionArtifact.Prepare(snapshot.BootstrapPath, snapshot.Architecture);
            return new FunctionVersion(snapshot, artifact, launcher, options);
        }

        /// <summary>"3.00 seconds", or under emulation "15.00 seconds (3.00 seconds x 5 under QEMU emulation)".</summary>
        public string DescribeTimeout(TimeSpan effective)
        {
            string seconds = Seconds(effective) + " seconds";
            if (EmulationFactor == 1)
            {
                return seconds;
            }
            var unscaled = TimeSpan.FromTicks((long)(effective.Ticks / EmulationFactor));
            return $"{seconds} ({Seconds(unscaled)} seconds x {EmulationFactor.ToString("0.##", CultureInfo.InvariantCulture)} under QEMU emulation)";
        }

        public void AddInstance() => Interlocked.Increment(ref _instances);

        /// <summary>An instance of this version is gone; deletes the files when it was the last of a retired version.</summary>
        public void RemoveInstance()
        {
            if (Interlocked.Decrement(ref _instances) == 0 && Volatile.Read(ref _retired) != 0)
            {
                DeleteFiles();
            }
        }

        /// <summary>No new instance will start from this version; deletes the files once none runs.</summary>
        public void Retire()
        {
            Interlocked.Exchange(ref _retired, 1);
            if (Volatile.Read(ref _instances) == 0)
            {
                DeleteFiles();
            }
        }

        private void DeleteFiles()
        {
            if (Interlocked.Exchange(ref _deleted, 1) == 0)
            {
                FunctionArtifact.TryDeleteDirectory(Artifact.TempRoot);
            }
        }

        private TimeSpan Scale(TimeSpan value) => TimeSpan.FromTicks((long)Math.Min(value.Ticks * EmulationFactor, TimeSpan.MaxValue.Ticks / 2));

        private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
    }
}
