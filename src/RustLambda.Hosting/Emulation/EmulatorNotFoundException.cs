using System;

namespace RustLambda.Hosting
{
    /// <summary>
    /// A function of the other architecture cannot run on this host because no QEMU user-mode emulator was found (or
    /// the one named does not exist). The message says how to install one.
    /// </summary>
    public sealed class EmulatorNotFoundException : NotSupportedException
    {
        /// <summary>An error with the message that says what is missing and how to install it.</summary>
        public EmulatorNotFoundException(string message)
            : base(message)
        {
        }
    }
}
