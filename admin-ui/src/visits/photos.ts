/**
 * Phone photos are often larger than the 5 MB the API accepts for a photo: before the upload a
 * large JPEG or PNG is redrawn at most `MAX_SIDE` pixels on its long side as a JPEG. Anything the
 * browser cannot redraw goes up as it is, and the server's refusal (in Chinese) is shown.
 */
const MAX_SIDE = 2560;
const SHRINK_ABOVE = 1.5 * 1024 * 1024;
const QUALITY = 0.85;

export async function shrinkPhoto(file: File): Promise<File> {
  if (file.size <= SHRINK_ABOVE || !/^image\/(jpeg|png)$/.test(file.type) || typeof createImageBitmap !== 'function') return file;
  try {
    // createImageBitmap applies the EXIF orientation: a portrait photo stays upright.
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', QUALITY));
    if (!blob || blob.size >= file.size) return file;
    return new File([blob], `${file.name.replace(/\.[^.]+$/, '')}.jpg`, { type: 'image/jpeg' });
  } catch {
    return file;
  }
}
