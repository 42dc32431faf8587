export { createPipeline, type IngestOutcome, type Pipeline, type PipelineOptions, type PreparedEvent, type RawRecord, type Rejection } from './pipeline.ts';
export { prepareEvent } from './prepare-event.ts';
export { QueueFullError, WriteQueue } from './write-queue.ts';
