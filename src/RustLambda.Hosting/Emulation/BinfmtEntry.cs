using System;
using System.Globalization;
using System.IO;

namespace RustLambda.Hosting.Emulation
{
    /// <summary>One file of /proc/sys/fs/binfmt_misc: a kernel handler for executables whose header matches a magic.</summary>
    internal sealed class BinfmtEntry
    {
        private const int ElfMachineOffset = 18;

        private BinfmtEntry(bool enabled, string interpreter, string flags, int offset, byte[] magic, byte[] mask)
        {
            Enabled = enabled;
            Interpreter = interpreter;
            Flags = flags;
            Offset = offset;
            Magic = magic;
            Mask = mask;
        }

        public bool Enabled { get; }

        public string Interpreter { get; }

        public string Flags { get; }

        public int Offset { get; }

        public byte[] Magic { get; }

        public byte[] Mask { get; }

        /// <summary>Reads the kernel's text form (enabled / interpreter / flags / offset / magic / mask); null for other kinds (extension matches).</summary>
        public static BinfmtEntry? Parse(string[] lines)
        {
            bool enabled = false;
            string interpreter = string.Empty;
            string flags = string.Empty;
            int offset = 0;
            byte[]? magic = null;
            byte[]? mask = null;
            foreach (var raw in lines)
            {
                string line = raw.Trim();
                if (line == "enabled")
                {
                    enabled = true;
                }
                else if (line.StartsWith("interpreter ", StringComparison.Ordinal))
                {
                    interpreter = line.Substring("interpreter ".Length).Trim();
                }
                else if (line.StartsWith("flags:", StringComparison.Ordinal))
                {
                    flags = line.Substring("flags:".Length).Trim();
                }
                else if (line.StartsWith("offset ", StringComparison.Ordinal))
                {
                    int.TryParse(line.Substring("offset ".Length).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out offset);
                }
                else if (line.StartsWith("magic ", StringComparison.Ordinal))
                {
                    magic = Hex(line.Substring("magic ".Length).Trim());
                }
                else if (line.StartsWith("mask ", StringComparison.Ordinal))
                {
                    mask = Hex(line.Substring("mask ".Length).Trim());
                }
            }
            return magic == null ? null : new BinfmtEntry(enabled, interpreter, flags, offset, magic, mask ?? Array.Empty<byte>());
        }

        /// <summary>
        /// Whether the kernel would start a 64-bit little-endian ELF executable of <paramref name="elfMachine"/> through
        /// this handler, and its interpreter can be started here (it exists, or flag F keeps it open in the kernel).
        /// </summary>
        public bool Runs(ushort elfMachine)
        {
            if (!Enabled || Offset != 0 || Magic.Length < ElfMachineOffset + 2)
            {
                return false;
            }
            // A typical executable header: ELF, 64-bit, little endian, version 1, ET_EXEC / ET_DYN, the machine.
            var header = new byte[Magic.Length];
            byte[] start = { 0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1 };
            Array.Copy(start, header, Math.Min(start.Length, header.Length));
            header[16] = 2;
            header[ElfMachineOffset] = (byte)(elfMachine & 0xFF);
            header[ElfMachineOffset + 1] = (byte)(elfMachine >> 8);
            if (!Matches(header))
            {
                header[16] = 3;
                if (!Matches(header))
                {
                    return false;
                }
            }
            return Flags.Contains('F') || File.Exists(Interpreter);
        }

        private bool Matches(byte[] header)
        {
            for (int i = 0; i < Magic.Length; i++)
            {
                byte mask = i < Mask.Length ? Mask[i] : (byte)0xFF;
                if ((header[i] & mask) != (Magic[i] & mask))
                {
                    return false;
                }
            }
            return true;
        }

        private static byte[] Hex(string text)
        {
            try
            {
                return Convert.FromHexString(text);
            }
            catch (FormatException)
            {
                return Array.Empty<byte>();
            }
        }
    }
}
