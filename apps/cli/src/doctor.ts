export async function runDoctor(_args: readonly string[]): Promise<number> {
  process.stdout.write('doctor: not yet\n');
  return 0;
}
