/** The seed command's one setting, read here so nothing outside src/config touches process.env. */
export function seedEnvironment(env: Record<string, string | undefined> = process.env): { SEED_PASSWORD: string | undefined } {
  return { SEED_PASSWORD: env.SEED_PASSWORD };
}
