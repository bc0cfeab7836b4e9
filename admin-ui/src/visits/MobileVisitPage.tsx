import AddAPhotoIcon from '@mui/icons-material/AddAPhoto';
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import CloseIcon from '@mui/icons-material/Close';
import HomeIcon from '@mui/icons-material/Home';
import SearchIcon from '@mui/icons-material/Search';
import SendIcon from '@mui/icons-material/Send';
import {
  Alert,
  AppBar,
  Box,
  Button,
  Card,
  CardContent,
  CircularProgress,
  Container,
  IconButton,
  InputAdornment,
  List,
  ListItemButton,
  ListItemText,
  TextField,
  Toolbar,
  Typography,
} from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type ChangeEvent, type ReactNode } from 'react';
import { useFormState } from 'react-hook-form';
import {
  Authenticated,
  Form,
  LinkBase,
  SaveButton,
  TextInput,
  maxLength,
  required,
  useDataProvider,
  useGetIdentity,
  useGetList,
  useGetOne,
  useNotify,
  useParams,
  useTranslate,
  type HttpError,
  type Identifier,
} from 'react-admin';
import { MoneyInput } from '../applications/inputs/MoneyInput';
import { todayInShanghai } from '../common/format';
import type { AppDataProvider } from '../dataProvider';
import { PHOTO_ACCEPT } from '../documents/kinds';
import type { DocumentRecord } from '../documents/types';
import { FileStatusChip } from '../files/FileStatusChip';
import type { FileDetail, FileRecord } from '../files/types';
import { shrinkPhoto } from './photos';
import { visitDay, type VisitInput, type VisitRecord } from './types';
import { visitsKey } from './useVisits';
import { VisitHistory } from './VisitHistory';

export const MOBILE_VISIT_PATH = '/m/visit';

/** The seed's limit per visit record (`VisitSchema.photoIds`). */
const MAX_PHOTOS = 20;

/** Files a helper no longer visits. */
const CLOSED = ['draft', 'refused', 'cancelled'];

/**
 * My households: files where I am the first or second helper. The file list does not send the
 * helpers yet; until it does, every open file in my scope (my union's) is offered.
 */
export function myHouseholds(files: FileRecord[], me: Identifier | undefined): FileRecord[] {
  const open = files.filter((f) => !CLOSED.includes(f.status));
  const helpersKnown = open.some((f) => f.firstHelperId !== undefined || f.secondHelperId !== undefined);
  if (!helpersKnown || me === undefined) return open;
  return open.filter((f) => f.firstHelperId === String(me) || f.secondHelperId === String(me));
}

/** A phone screen: a bar with the page's title and the way back, one column below. */
const MobileShell = ({ title, back, children }: { title: string; back?: string; children: ReactNode }) => {
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  return (
    <Box sx={{ minHeight: '100vh', bgcolor: 'background.default' }} data-testid="mobile-visit-page">
      <AppBar position="sticky" color="primary" elevation={1}>
        <Toolbar sx={{ gap: 1, minHeight: 56 }}>
          {back ? (
            <IconButton component={LinkBase} to={back} color="inherit" edge="start" aria-label={translate('app.visit.back')} sx={{ width: 48, height: 48 }} data-testid="visit-back">
              <ArrowBackIcon />
            </IconButton>
          ) : (
            <IconButton component={LinkBase} to="/" color="inherit" edge="start" aria-label={translate('app.visit.home')} sx={{ width: 48, height: 48 }}>
              <HomeIcon />
            </IconButton>
          )}
          <Typography variant="h6" component="h1" sx={{ flex: 1, fontWeight: 600 }} noWrap>
            {title}
          </Typography>
          {identity?.fullName && (
            <Typography variant="body2" sx={{ opacity: 0.9 }} noWrap>
              {identity.fullName}
            </Typography>
          )}
        </Toolbar>
      </AppBar>
      <Container maxWidth="sm" sx={{ py: 2, px: 2 }}>
        {children}
      </Container>
    </Box>
  );
};

/** Step 1: which household — large rows, a search for the name or the file number. */
const HouseholdPicker = () => {
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  const [search, setSearch] = useState('');
  const { data = [], isPending, error } = useGetList<FileRecord>('files', {
    pagination: { page: 1, perPage: 200 },
    sort: { field: 'createdAt', order: 'DESC' },
    filter: {},
  });
  const households = myHouseholds(data, identity?.id);
  const q = search.trim();
  const shown = q ? households.filter((f) => [f.applicantName, f.fileNo, f.caseNo].some((v) => v?.includes(q))) : households;
  return (
    <Box data-testid="visit-households" data-count={households.length}>
      <Typography variant="subtitle1" sx={{ fontWeight: 600, mb: 1 }}>
        {translate('app.visit.pick')}
      </Typography>
      <TextField
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        placeholder={translate('app.visit.search')}
        fullWidth
        slotProps={{
          input: {
            startAdornment: (
              <InputAdornment position="start">
                <SearchIcon />
              </InputAdornment>
            ),
          },
          htmlInput: { 'data-testid': 'visit-search', enterKeyHint: 'search' },
        }}
        sx={{ mb: 2, bgcolor: 'background.paper' }}
      />
      {error && <Alert severity="error">{(error as Error).message}</Alert>}
      {isPending ? (
        <CircularProgress size={24} />
      ) : shown.length === 0 ? (
        <Typography color="text.secondary" data-testid="visit-households-empty">
          {translate(households.length ? 'app.visit.no_match' : 'app.visit.none')}
        </Typography>
      ) : (
        <Card variant="outlined">
          <List disablePadding>
            {shown.map((f, i) => (
              <ListItemButton
                key={f.id}
                component={LinkBase}
                to={`${MOBILE_VISIT_PATH}/${encodeURIComponent(String(f.id))}`}
                divider={i < shown.length - 1}
                sx={{ minHeight: 72, gap: 1 }}
                data-testid="visit-household"
                data-file-id={f.id}
              >
                <ListItemText
                  primary={f.applicantName}
                  secondary={`${f.fileNo ?? f.caseNo} · ${f.orgName}`}
                  slotProps={{ primary: { sx: { fontWeight: 600, fontSize: '1.05rem' } } }}
                />
                <FileStatusChip status={f.status} />
              </ListItemButton>
            ))}
          </List>
        </Card>
      )}
      <Typography variant="caption" color="text.secondary" component="p" sx={{ mt: 1 }}>
        {translate('app.visit.count', { count: households.length })}
      </Typography>
    </Box>
  );
};

/** Photos go up as soon as they are taken; the visit carries their ids. */
const PhotoPicker = ({ fileId, photos, onChange }: { fileId: Identifier; photos: DocumentRecord[]; onChange: (photos: DocumentRecord[]) => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = useDataProvider<AppDataProvider>();
  const [pending, setPending] = useState(0);
  const { errors } = useFormState({ name: 'photoIds' });
  const onPick = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.target;
    const picked = Array.from(input.files ?? []).slice(0, MAX_PHOTOS - photos.length);
    input.value = ''; // the same photo may be picked again after a refusal
    let next = photos;
    setPending(picked.length);
    for (const file of picked) {
      try {
        const { data } = await dataProvider.uploadDocument(fileId, { kind: 'photo', file: await shrinkPhoto(file) });
        // the same bytes twice come back as the same document
        if (!next.some((p) => p.id === data.id)) next = [...next, data];
        onChange(next);
      } catch (error) {
        notify((error as HttpError).message, { type: 'error' });
      }
      setPending((n) => n - 1);
    }
  };
  const photoError = errors.photoIds?.message;
  return (
    <Box sx={{ mt: 1, mb: 2 }} data-testid="visit-photos" data-count={photos.length}>
      <Typography variant="subtitle2" sx={{ mb: 1 }}>
        {translate('app.visit.fields.photos')}
      </Typography>
      {photos.length > 0 && (
        <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(3, 1fr)', gap: 1, mb: 1 }}>
          {photos.map((p) => (
            <Box key={p.id} sx={{ position: 'relative', aspectRatio: '1', borderRadius: 1, overflow: 'hidden', bgcolor: 'grey.200' }} data-testid="visit-photo" data-document-id={p.id}>
              <Box component="img" src={p.contentUrl} alt={p.name} sx={{ width: '100%', height: '100%', objectFit: 'cover', display: 'block' }} />
              <IconButton
                size="small"
                onClick={() => onChange(photos.filter((x) => x.id !== p.id))}
                aria-label={translate('app.visit.remove_photo')}
                sx={{ position: 'absolute', top: 2, right: 2, bgcolor: 'rgba(0,0,0,0.55)', color: 'common.white', '&:hover': { bgcolor: 'rgba(0,0,0,0.7)' } }}
              >
                <CloseIcon fontSize="small" />
              </IconButton>
            </Box>
          ))}
        </Box>
      )}
      <Button
        component="label"
        variant="outlined"
        size="large"
        fullWidth
        disabled={pending > 0 || photos.length >= MAX_PHOTOS}
        startIcon={pending > 0 ? <CircularProgress size={20} /> : <AddAPhotoIcon />}
        sx={{ minHeight: 56, bgcolor: 'background.paper' }}
        data-testid="visit-photo-button"
      >
        {pending > 0 ? translate('app.visit.uploading', { count: pending }) : translate('app.visit.add_photo')}
        <input hidden type="file" accept={PHOTO_ACCEPT} multiple onChange={onPick} data-testid="visit-photo-input" />
      </Button>
      <Typography variant="caption" color={photoError ? 'error' : 'text.secondary'} component="p" sx={{ mt: 0.5 }}>
        {photoError ? translate(String(photoError), { _: String(photoError) }) : translate('app.visit.photos_hint')}
      </Typography>
    </Box>
  );
};

const big = { size: 'medium', fullWidth: true } as const;

/** Step 2: the visit of one household, then its earlier visits below. */
const VisitForm = ({ fileId }: { fileId: string }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const dataProvider = useDataProvider<AppDataProvider>();
  const { identity, isPending: identityPending } = useGetIdentity();
  const { data: file, error } = useGetOne<FileDetail>('files', { id: fileId });
  const [photos, setPhotos] = useState<DocumentRecord[]>([]);
  const [saved, setSaved] = useState<VisitRecord | null>(null);
  // a new form after each visit: the next one starts from today's defaults again
  const [round, setRound] = useState(0);

  const onSubmit = async (values: Record<string, unknown>) => {
    const income = values.incomeObserved;
    const visit: VisitInput = {
      visitDate: String(values.visitDate ?? ''),
      visitors: String(values.visitors ?? ''),
      notes: String(values.notes ?? ''),
      photoIds: photos.map((p) => p.id),
      ...(typeof income === 'number' && { incomeObserved: income }),
    };
    try {
      const { data } = await dataProvider.recordVisit(fileId, visit);
      notify('app.visit.saved', { type: 'success' });
      setSaved(data);
      setPhotos([]);
      setRound((n) => n + 1);
      void queryClient.invalidateQueries({ queryKey: visitsKey(fileId) });
      window.scrollTo(0, 0);
    } catch (e) {
      const httpError = e as HttpError;
      notify(httpError.message, { type: 'error' });
      return httpError.body?.errors ?? undefined;
    }
  };

  if (error) return <Alert severity="error">{(error as Error).message}</Alert>;
  return (
    <Box data-testid="visit-form-page" data-file-id={fileId}>
      {saved && (
        <Alert
          severity="success"
          sx={{ mb: 2 }}
          data-testid="visit-saved"
          data-visit-id={saved.id}
          action={
            <Button component={LinkBase} to={MOBILE_VISIT_PATH} color="inherit" size="small" sx={{ whiteSpace: 'nowrap' }}>
              {translate('app.visit.another')}
            </Button>
          }
        >
          {translate('app.visit.saved_detail', { date: visitDay(saved) })}
        </Alert>
      )}
      <Card variant="outlined" sx={{ mb: 2 }} data-testid="visit-household-card">
        <CardContent sx={{ display: 'flex', alignItems: 'center', gap: 1, '&:last-child': { pb: 2 } }}>
          <Box sx={{ flex: 1, minWidth: 0 }}>
            <Typography variant="h6" component="h2" noWrap>
              {file?.applicantName ?? '…'}
            </Typography>
            <Typography variant="body2" color="text.secondary" noWrap>
              {file ? `${file.fileNo ?? file.caseNo} · ${file.orgName}` : ''}
            </Typography>
          </Box>
          <Button component={LinkBase} to={MOBILE_VISIT_PATH} variant="text" sx={{ minHeight: 48, whiteSpace: 'nowrap' }} data-testid="visit-change-household">
            {translate('app.visit.change')}
          </Button>
        </CardContent>
      </Card>
      {identityPending ? (
        <CircularProgress size={24} />
      ) : (
        <Form key={round} record={{ visitDate: todayInShanghai(), visitors: identity?.fullName ?? '' }} onSubmit={onSubmit} id="visit-form">
          <TextInput
            {...big}
            id="visitDate"
            source="visitDate"
            type="date"
            label="app.visit.fields.visitDate"
            validate={required('app.visit.errors.visitDate')}
            slotProps={{ inputLabel: { shrink: true }, htmlInput: { max: todayInShanghai() } }}
          />
          <TextInput {...big} id="visitors" source="visitors" label="app.visit.fields.visitors" helperText="app.visit.fields.visitors_help" validate={[required('app.visit.errors.visitors'), maxLength(200)]} />
          <TextInput
            {...big}
            id="notes"
            source="notes"
            label="app.visit.fields.notes"
            helperText="app.visit.fields.notes_help"
            multiline
            minRows={4}
            validate={[required('app.visit.errors.notes'), maxLength(2000)]}
          />
          <MoneyInput {...big} id="incomeObserved" source="incomeObserved" label="app.visit.fields.incomeObserved" helperText="app.visit.fields.incomeObserved_help" />
          <PhotoPicker fileId={fileId} photos={photos} onChange={setPhotos} />
          <SaveButton
            label="app.visit.submit"
            icon={<SendIcon />}
            alwaysEnable
            fullWidth
            size="large"
            sx={{ minHeight: 56, fontSize: '1.05rem' }}
            data-testid="visit-submit"
          />
        </Form>
      )}
      <Typography variant="subtitle1" sx={{ fontWeight: 600, mt: 4, mb: 1 }}>
        {translate('app.visit.history')}
      </Typography>
      <VisitHistory fileId={fileId} />
    </Box>
  );
};

/**
 * 走访登记 on a phone (the plan's WeChat 资料上传, SPEC §5.2): a helper picks one of their
 * households, records the visit — date, who went, what they found, the per-capita income they
 * saw — with photos taken on the spot, and sees the household's visits. Outside the desktop
 * layout: one column, large touch targets, usable at 390 × 844.
 */
export const MobileVisitPage = () => {
  const translate = useTranslate();
  const { fileId } = useParams<{ fileId?: string }>();
  return (
    <Authenticated>
      <MobileShell title={translate('app.visit.title')} back={fileId ? MOBILE_VISIT_PATH : undefined}>
        {fileId ? <VisitForm fileId={fileId} /> : <HouseholdPicker />}
      </MobileShell>
    </Authenticated>
  );
};
