// Vite's `?raw` imports: a file's text as a string (used to check shipped files in tests).
declare module "*?raw" {
  const text: string;
  export default text;
}
